import Foundation
import Testing

/// A custom template that fails (DESIGN section 10, issue 12): the error names the template file,
/// line and column, every study's results are still written, and the build exits 1; with the
/// template mended, the next build writes the site.
@Suite struct TemplateErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        /// Breaks the copy of the templates in `tpl/`.
        let breakIt: @Sendable (URL) throws -> Void
        let stderr: String
        var testDescription: String { name }
    }

    static func edit(_ file: String, _ change: @escaping @Sendable (String) -> String) -> @Sendable (URL) throws -> Void {
        { folder in
            let url = folder.appendingPathComponent(file)
            try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        }
    }

    static let cases: [Case] = [
        Case(
            name: "a tag left open", breakIt: edit("index.mustache") { $0 + "{{#page}}{{title}\n" },
            stderr: "tpl/index.mustache:LINE:17: error: a tag is not closed: {{ without its }}\n  hint: the line reads: {{#page}}{{title}\n"
        ),
        Case(
            name: "a partial that is not there",
            breakIt: edit("optimization.mustache") { $0.replacingOccurrences(of: "{{> heatmap-figure}}", with: "{{> heatmap-figur}}") },
            stderr:
                "tpl/optimization.mustache:LINE:COLUMN: error: the partial 'heatmap-figur' is not among the templates\n"
                + "  hint: add heatmap-figur.mustache to the templates folder, or correct the name\n"),
        Case(
            name: "a template that is a FIFO",
            breakIt: { folder in #expect(mkfifo(folder.appendingPathComponent("extra.mustache").path, 0o644) == 0) },
            stderr:
                "tpl/extra.mustache: error: extra.mustache is a named pipe (FIFO), not a file\n"
                + "  hint: a template must be a text file; replace it or remove it\n"),
    ]

    @Test(arguments: cases) func aFailingTemplateIsLocatedAndTheResultsAreStillWritten(_ broken: Case) throws {
        let project = try BuildFixture(files: [
            "studies/grid/run.yaml": BuildFixture.gridRun, "studies/grid/optimization.yaml": BuildFixture.gridPlan,
        ])
        let templates = project.root.appendingPathComponent("tpl")
        try FileManager.default.copyItem(at: BacklabBinary.packageRoot.appendingPathComponent("templates"), to: templates)
        try broken.breakIt(templates)
        let result = BacklabBinary.finish(
            try BacklabBinary.start(["build", "--quiet", "--templates", "tpl"], in: project.root), killAfter: 60)
        #expect(result.status == 1)
        // The line and column, found in the broken file itself.
        var expected = broken.stderr
        if let file = broken.stderr.split(separator: ":").first, expected.contains("LINE") {
            let lines = try String(contentsOf: project.root.appendingPathComponent(String(file)), encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            let needle = expected.contains("heatmap-figur") ? "{{> heatmap-figur}}" : "{{#page}}{{title}"
            let line = try #require(lines.firstIndex { $0.contains(needle) })
            let column = lines[line].distance(from: lines[line].startIndex, to: lines[line].range(of: needle)!.lowerBound) + 1
            expected = expected.replacingOccurrences(of: "LINE", with: "\(line + 1)").replacingOccurrences(of: "COLUMN", with: "\(column)")
        }
        #expect(result.stderr == expected, "\(result.stderr)")
        #expect(try project.read("output/grid/results.csv").split(separator: "\n").count == 9, "the 8 runs' results are written")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/grid/index.html").path))
        // The built-in templates (the broken ones left aside): the site, the runs all cached.
        let mended = try project.build()
        #expect(mended.status == 0, "\(mended.stderr)")
        #expect(mended.stdout.hasPrefix("  grid: 8 runs, 0 ran, 8 cached\n"), "\(mended.stdout)")
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/grid/index.html").path))
    }
}
