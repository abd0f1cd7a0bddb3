import Foundation
import Testing

/// The release binary on its own, as installed on PATH: no checkout, no templates/ folder, no
/// resource bundle beside it, and still the whole site.
@Suite struct InstalledBinaryTests {
    /// `.build/release/backlab`; `scripts/test.sh` builds it before `swift test`, which builds only debug.
    static let release = BacklabBinary.packageRoot.appendingPathComponent(".build/release/backlab")
    static let rebuild = "swift build -c release --product backlab --static-swift-stdlib"

    @Test func theReleaseBinaryAloneBuildsTheWholeSite() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.release.path),
            "no release binary at \(Self.release.path): run `\(Self.rebuild)` first (scripts/test.sh does)")
        let folder = try BacklabBinary.folder([
            "studies/grid/run.yaml": """
            name: Grid
            data: {synthetic: {seed: 5, bars: 300}}
            strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}
            """,
            "studies/grid/optimization.yaml": """
            objective: sharpe_ratio
            parameters:
              strategy.signal_generator.params.fast: {values: [5, 10]}
              strategy.signal_generator.params.slow: {values: [20, 30]}
            """,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = folder.appendingPathComponent("backlab")
        try FileManager.default.copyItem(at: Self.release, to: binary)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["backlab", "studies"])

        let build = try BacklabBinary.run(["build", "--quiet"], in: folder, program: binary)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr == "")
        let output = folder.appendingPathComponent("output")
        for file in [
            "index.html", "grid/index.html", "grid/results.csv", "grid/charts/heatmap.png", "grid/charts/top-equity.png",
            "grid/charts/thumbnail.png", "grid/runs/1.html",
        ] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file) was not written")
        }
        #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8).contains("grid/index.html"))
        let templates = BacklabBinary.packageRoot.appendingPathComponent("templates")
        for asset in ["grid-table.js", "style.css", "table.js"] {
            let written = try Data(contentsOf: output.appendingPathComponent("assets/\(asset)"))
            #expect(
                written == (try Data(contentsOf: templates.appendingPathComponent(asset))),
                "assets/\(asset) differs from templates/\(asset): the release binary is older than templates/; run `\(Self.rebuild)`")
        }
    }
}
