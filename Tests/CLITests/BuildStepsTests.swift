import Foundation
import Testing

/// The build as named steps: `--timings` lists them, an error inside one names it, and `plan`
/// classifies runs exactly as `build` does.
@Suite struct BuildStepsTests {
    static func stepNames(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").compactMap { line -> String? in
            guard let close = line.firstIndex(of: "]"), line.contains("/"), line.hasPrefix("  [") else { return nil }
            return line[line.index(after: close)...].trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").first
        }
    }

    @Test func timingsListTheStepsInOrder() throws {
        let project = try BuildFixture.standard()
        let site = try project.build(["--timings", "--quiet"])
        #expect(site.status == 0)
        let runs = [
            "load studies", "plan", "load data", "run backtests", "plan out of sample", "load out-of-sample data",
            "run out-of-sample backtests", "analyse",
        ]
        #expect(Self.stepNames(site.stderr) == runs + ["render charts", "render pages", "write site", "compact cache"])
        #expect(site.stderr.contains("  [1/12] load studies "))
        #expect(site.stderr.contains("\n  total (after start-up) "))
        let results = try project.build(["--timings", "--quiet", "--no-render", "--force"])
        #expect(Self.stepNames(results.stderr) == runs + ["write results", "compact cache"])
    }

    @Test func anErrorInsideAStepNamesItAndTheOtherStudiesAreWritten() throws {
        let project = try BuildFixture.standard()
        // A file where the grid study's folder belongs: its results cannot be written.
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("output"), withIntermediateDirectories: true)
        try project.write("output/grid", "not a folder\n")
        let result = try project.build(["--quiet"])
        #expect(result.status == 1)
        let path = project.root.appendingPathComponent("output/grid/results.csv").path
        #expect(result.stderr.contains("error: [write site] cannot write \(path): "), "\(result.stderr)")
        for written in ["output/index.html", "output/variants/index.html", "output/single/index.html", "output/single/.backlab-inputs"] {
            #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent(written).path), "\(written)")
        }
        // The index lists what was written, and no page that is not there.
        let index = try project.read("output/index.html")
        #expect(index.contains("href=\"variants/index.html\"") && index.contains("href=\"single/index.html\""))
        #expect(!index.contains("grid/"))
        // Without results, the grid's runs are still cached: mended, the next build only writes.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output/grid"))
        let mended = try project.build()
        #expect(mended.status == 0)
        #expect(mended.stdout.contains("  grid: 8 runs, 0 ran, 8 cached\n"))
    }

    @Test func planCountsADamagedEntryAsToRunAsTheBuildDoes() throws {
        let project = try BuildFixture.standard()
        _ = try project.build(["--no-render"])
        let hash = try #require(project.cacheEntries().first)
        try project.damageCacheEntry(hash)
        let plan = try BacklabBinary.run(["plan", "--json"], in: project.root)
        #expect(plan.status == 0)
        #expect(plan.stdout.hasPrefix("{\"total\": 12, \"cached\": 11, \"to_run\": 1,"), "\(plan.stdout)")
        #expect(plan.stderr.contains("warning: cache entry \(hash) is damaged (checksum mismatch)"), "\(plan.stderr)")
        // Without its results the build cannot skip the studies: it reads the cache as plan did.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output"))
        let build = try project.build(["--no-render"])
        #expect(build.stdout.contains("1 ran, 11 cached"), "\(build.stdout)")
    }

    @Test func aBuildOfSomeStudiesOrOfAnUnknownOneLeavesTheOthersPagesAlone() throws {
        let project = try BuildFixture.standard()
        _ = try project.build()
        var before = project.snapshot("output")
        #expect(before["/variants/index.html"] != nil && before["/single/index.html"] != nil)
        // Only the grid, forced: its files are written again, every other study's stay as they were.
        // Even its marker: the forced runs wrote the same results, and a stamp names an entry's
        // content.
        let subset = try project.build(["grid", "--force", "--quiet"])
        #expect(subset.status == 0)
        #expect(project.snapshot("output") == before)
        before = project.snapshot("output")
        // An unknown study: an error, and nothing of the site is touched.
        let unknown = try project.build(["gird", "--quiet"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown study 'gird' (did you mean 'grid'?)"))
        #expect(project.snapshot("output") == before)
        // A study whose folder is deleted loses its pages and its line on the index.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("studies/single"))
        _ = try project.build(["--quiet"])
        let after = project.snapshot("output")
        #expect(after["/single/index.html"] == nil && after["/variants/index.html"] == before["/variants/index.html"])
        let index = try project.read("output/index.html")
        #expect(!index.contains("single/index.html") && index.contains("variants/index.html"))
    }
}
