import Foundation
import Storage
import Testing

/// The site as files: golden output, make-like rewriting, ownership, escaping.
@Suite struct SiteTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden-site")

    /// A tiny project: one single run and a two-variant test.
    static func tinyProject() throws -> BuildFixture {
        try BuildFixture(files: [
            "studies/one/run.yaml": """
            name: One run
            description: A single backtest & its <detail> page.
            data: {synthetic: {seed: 21, bars: 400}}
            strategy: {signal_generator: {plugin: sma_cross, params: {fast: 5, slow: 20}}, exit_planner: {plugin: atr_exit}}
            """,
            "studies/two/run.yaml": """
            name: Two exits
            data: {synthetic: {seed: 22, bars: 400}}
            strategy: {signal_generator: {plugin: ema_cross, params: {fast: 5, slow: 20}}, exit_planner: {plugin: atr_exit}}
            """,
            "studies/two/variant.yaml": """
            variants:
              - name: ATR
              - name: Time
                overrides: {strategy.exit_planner: {plugin: time_exit, params: {bars: 5}}}
            """,
        ])
    }

    /// Every file under `folder`: text as is, PNGs as their SHA-256 (recorded in png-digests.txt);
    /// but the build's lock file, and in the markers each cache entry's stamp (size and mtime,
    /// which differ from build to build) as `<stamp>`.
    static func contents(of folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey])
        for case let url as URL in walker! {
            guard (try url.resourceValues(forKeys: [.isDirectoryKey])).isDirectory != true else { continue }
            let path = String(url.path.dropFirst(folder.path.count + 1))
            guard url.lastPathComponent != ".backlab-lock" else { continue }
            let data = try Data(contentsOf: url)
            var text = String(decoding: data, as: UTF8.self)
            if url.lastPathComponent == ".backlab-inputs" {
                let lines = text.split(separator: "\n")
                text = ([String(lines[0])] + lines.dropFirst().map { $0.prefix(64) + " <stamp>" }).joined(separator: "\n") + "\n"
            }
            result[path] = path.hasSuffix(".png") ? "png \(data.count) bytes, sha256 \(SHA256Digest.hex([UInt8](data)))" : text
        }
        return result
    }

    static func goldenContents() throws -> [String: String] {
        var result: [String: String] = [:]
        let pngs = try String(contentsOf: golden.appendingPathComponent("png-digests.txt"), encoding: .utf8)
        for line in pngs.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            result[String(parts[0])] = String(parts[1])
        }
        let text = golden.appendingPathComponent("files")
        let walker = FileManager.default.enumerator(at: text, includingPropertiesForKeys: [.isDirectoryKey])
        for case let url as URL in walker! where (try url.resourceValues(forKeys: [.isDirectoryKey])).isDirectory != true {
            result[String(url.path.dropFirst(text.path.count + 1))] = try String(contentsOf: url, encoding: .utf8)
        }
        return result
    }

    static func record(_ contents: [String: String]) throws {
        try? FileManager.default.removeItem(at: golden)
        let text = golden.appendingPathComponent("files")
        var pngs: [String] = []
        for (path, content) in contents.sorted(by: { $0.key < $1.key }) {
            if path.hasSuffix(".png") {
                pngs.append("\(path)\t\(content)")
                continue
            }
            let url = text.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        try Data((pngs.joined(separator: "\n") + "\n").utf8).write(to: golden.appendingPathComponent("png-digests.txt"))
    }

    @Test func theSiteOfATinyProjectMatchesTheGoldenSiteFileByFile() throws {
        let project = try Self.tinyProject()
        let build = try project.build(["--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let actual = try Self.contents(of: project.root.appendingPathComponent("output"))
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try Self.record(actual)
            Issue.record("golden site re-recorded in \(Self.golden.path); run again without RECORD_GOLDEN=1")
            return
        }
        let expected = try Self.goldenContents()
        let missing = Set(expected.keys).subtracting(actual.keys).sorted()
        let extra = Set(actual.keys).subtracting(expected.keys).sorted()
        #expect(missing.isEmpty, "missing files: \(missing)")
        #expect(extra.isEmpty, "extra files: \(extra)")
        for path in expected.keys.sorted() where actual[path] != nil {
            #expect(actual[path] == expected[path], "\(path) differs from the golden site (re-record with RECORD_GOLDEN=1 if intended)")
        }
    }

    @Test func changingOneStudyTouchesOnlyItsFiles() throws {
        let project = try Self.tinyProject()
        _ = try project.build(["--quiet"])
        let before = project.snapshot("output")
        Thread.sleep(forTimeInterval: 0.05)
        try project.write(
            "studies/two/variant.yaml",
            """
            variants:
              - name: ATR
              - name: Time
                overrides: {strategy.exit_planner: {plugin: time_exit, params: {bars: 8}}}
            """)
        let again = try project.build()
        #expect(again.stdout.contains("  one: 1 run, up to date\n"))
        let after = project.snapshot("output")
        let changed = Set(after.keys).union(before.keys).filter { after[$0] != before[$0] }.sorted()
        #expect(!changed.isEmpty)
        #expect(changed.allSatisfy { $0.hasPrefix("/two/") || $0 == "/index.html" }, "\(changed)")
        // The unchanged variant's pages and charts are not rewritten either.
        #expect(!changed.contains("/two/runs/1.html") && !changed.contains("/two/runs/1-equity.png"))
    }

    @Test func aRemovedStudyLosesItsFilesAndUnownedFilesStay() throws {
        let project = try Self.tinyProject()
        _ = try project.build(["--quiet"])
        try project.write("output/notes.txt", "mine")
        try project.write("output/two/mine.txt", "also mine")
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("studies/one"))
        let again = try project.build(["--quiet"])
        #expect(again.status == 0)
        let files = project.snapshot("output").keys
        #expect(!files.contains { $0.hasPrefix("/one/") })
        #expect(files.contains("/notes.txt") && files.contains("/two/mine.txt") && files.contains("/two/index.html"))
        #expect(!(try project.read("output/index.html")).contains("one/index.html"))
    }

    @Test func aBrokenStudyKeepsItsOldPages() throws {
        let project = try Self.tinyProject()
        _ = try project.build(["--quiet"])
        let before = project.snapshot("output").filter { $0.key.hasPrefix("/one/") }
        try project.write("studies/one/run.yaml", "data: {synthetic: {seed: 21}}\nstrategy: {signal_generator: {plugin: nope}}\n")
        let broken = try project.build(["--quiet"])
        #expect(broken.status == 1)
        #expect(project.snapshot("output").filter { $0.key.hasPrefix("/one/") } == before)
        #expect(try project.read("output/index.html").contains("one/index.html"))
    }

    @Test func userTextIsEscapedEverywhere() throws {
        let project = try BuildFixture(files: [
            "studies/x/run.yaml": """
            name: <script>alert(1)</script>
            description: "<img src=x onerror=alert(2)> & more"
            data: {synthetic: {seed: 1, bars: 300}}
            strategy: {signal_generator: {plugin: sma_cross}}
            """,
            "studies/x/variant.yaml": """
            variants:
              - name: <script>alert(3)</script>
              - name: "\\"quoted\\" & <b>bold</b>"
                overrides: {platform.fees_pct: 0.002}
            """,
        ])
        let build = try project.build(["--quiet"])
        #expect(build.status == 0)
        for page in ["output/index.html", "output/x/index.html", "output/x/runs/1.html", "output/x/runs/2.html"] {
            let html = try project.read(page)
            #expect(!html.contains("<script>alert") && !html.contains("<img src=x") && !html.contains("<b>bold</b>"), "\(page)")
        }
        #expect(try project.read("output/x/index.html").contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
    }

    @Test func withoutAnyTemplatesFolderTheBuiltInTemplatesWriteTheWholeSite() throws {
        let project = try Self.tinyProject()
        // A copy of the binary far from any checkout, as when it is installed on its own.
        let binary = project.root.appendingPathComponent("bin/backlab")
        try FileManager.default.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: BacklabBinary.executable, to: binary)
        let output = try BacklabBinary.run(["build", "--quiet"], in: project.root, program: binary)
        #expect(output.status == 0)
        #expect(output.stderr == "")
        for page in ["index.html", "one/index.html", "two/index.html", "two/runs/2.html"] {
            #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/\(page)").path), "\(page)")
        }
        // The same site as one built with templates/ given explicitly: no page is rewritten.
        let before = project.snapshot("output")
        let templates = BacklabBinary.packageRoot.appendingPathComponent("templates").path
        let again = try BacklabBinary.run(["build", "--templates", templates], in: project.root, program: binary)
        #expect(again.stdout.contains("0 files written"), "\(again.stdout)")
        #expect(project.snapshot("output") == before)
    }

    @Test func templatesCanBeReplacedAndMissingOnesAreReported() throws {
        let project = try Self.tinyProject()
        // A folder that is not there: the error first, then the build writes the results (no pages).
        let missing = try project.build(["--templates", "nowhere"])
        #expect(missing.status == 1)
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/one/results.csv").path))
        #expect(
            missing.stderr.hasPrefix(
                """
                nowhere: error: templates folder not found
                  hint: pass a folder of Mustache templates (start from a copy of Backlab's templates/), \
                or leave out --templates to use the built-in ones

                """))
        // A copy of the templates with a changed footer: every page is written again with it.
        let mine = project.root.appendingPathComponent("mine")
        try FileManager.default.copyItem(at: BacklabBinary.packageRoot.appendingPathComponent("templates"), to: mine)
        let foot = try String(contentsOf: mine.appendingPathComponent("foot.mustache"), encoding: .utf8)
        try Data(foot.replacingOccurrences(of: "Built by Backlab.", with: "Our research site.").utf8).write(
            to: mine.appendingPathComponent("foot.mustache"))
        _ = try project.build(["--quiet"])
        let custom = try project.build(["--templates", "mine"])
        #expect(custom.status == 0)
        #expect(try project.read("output/one/index.html").contains("Our research site."))
        #expect(custom.stdout.contains("  one: 1 run, 0 ran, 1 cached\n"))
    }
}
