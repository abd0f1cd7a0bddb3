import Foundation
import Testing

/// Exploring a grid's page (DESIGN section 7): detail pages for the best `site.detail_runs`, a
/// heatmap whose cells link to their runs, small multiples over a third parameter.
@Suite struct GridExplorationTests {
    static let run =
        "name: Grid\ndata: {synthetic: {seed: 3, bars: 400}}\nstrategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}\n"

    static func grid(_ extra: String) -> String {
        """
        objective: sharpe_ratio
        parameters:
          strategy.signal_generator.params.fast: [3, 5, 8]
          strategy.signal_generator.params.slow: [20, 30]
          strategy.exit_planner.params.risk_reward_ratio: [1, 2, 3, 4]
        \(extra)
        """
    }

    /// The `href`s of the page's heatmap cell links, in order.
    static func cellLinks(_ page: String) -> [String] {
        page.components(separatedBy: "<a class=\"cell\" href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func theBestRunsGetPagesAndEveryHeatmapCellLinksToItsRun() throws {
        let project = try BuildFixture(files: [
            "studies/g/run.yaml": Self.run, "studies/g/optimization.yaml": Self.grid("site: {detail_runs: 3}"),
        ])
        let build = try project.build(["--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let rows = WalkForwardTests.rows(try project.read("output/g/results.csv"))
        let ranked = rows.filter { !($0["rank"] ?? "").isEmpty }.sorted { Int($0["rank"]!)! < Int($1["rank"]!)! }
        let top = ranked.prefix(3).map { $0["run"]! }
        let pages = try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("output/g/runs").path)
            .filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages == top.map { "\($0).html" }.sorted(), "pages \(pages), the best three \(top)")
        let page = try project.read("output/g/index.html")
        for run in top { #expect(page.contains("<a href=\"runs/\(run).html\">")) }
        // 6 cells in the main heatmap, 6 in each of 4 multiples; each link is a page or a row.
        let links = Self.cellLinks(page)
        #expect(links.count == 6 * 5, "\(links.count)")
        for link in links {
            if link.hasPrefix("#") {
                #expect(page.contains("<tr id=\"\(link.dropFirst())\""), "no row for \(link)")
            } else {
                #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/g/\(link)").path), "\(link)")
            }
        }
        // The main heatmap holds rr at the best run's value: its best cell links to the best page.
        #expect(links.prefix(6).contains("runs/\(top[0]).html"))
        for k in 1...4 {
            #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/g/charts/heatmap-by-\(k).png").path))
        }
        #expect(page.contains("<h2>Heatmaps by risk_reward_ratio</h2>"))
        // By default the best 20 have pages; 0 keeps the best alone.
        try project.write("studies/g/optimization.yaml", Self.grid(""))
        #expect(try project.build(["--quiet"]).status == 0)
        let all = try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("output/g/runs").path)
        #expect(ranked.count == 24 && all.filter { $0.hasSuffix(".html") }.count == 20)
        try project.write("studies/g/optimization.yaml", Self.grid("site: {detail_runs: 0}"))
        #expect(try project.build(["--quiet"]).status == 0)
        let best = try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("output/g/runs").path)
        #expect(best.filter { $0.hasSuffix(".html") } == ["\(top[0]).html"])
    }

    @Test func badSiteSettingsAreLocatedErrors() throws {
        let project = try BuildFixture(files: [
            "studies/g/run.yaml": Self.run, "studies/g/optimization.yaml": Self.grid("site: {detail_runs: -1}"),
        ])
        let negative = try project.build(["--quiet"])
        #expect(negative.status == 1)
        #expect(negative.stderr.hasPrefix("studies/g/optimization.yaml:6:21: error: site.detail_runs"), "\(negative.stderr)")
        try project.write("studies/g/optimization.yaml", Self.grid("site: {pages: 3}"))
        let unknown = try project.build(["--quiet"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("studies/g/optimization.yaml:6:"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("detail_runs"), "\(unknown.stderr)")
    }
}
