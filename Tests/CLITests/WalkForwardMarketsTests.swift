import Foundation
import Testing

/// A walk-forward over several markets (DESIGN section 9): each market walked forward on its own
/// windows exactly as a study of that market alone, the aggregate's counts and efficiency from
/// the markets' rows, a market added, and a market the windows do not fit.
@Suite struct WalkForwardMarketsTests {
    /// Weekday bars that trend, and a market that trades every day (more windows in the same years).
    static let markets = [
        "{name: trend, synthetic: {seed: 2, bars: 520, timeframe: 1d, start: 2015-01-01, momentum: 0.5, tick: 0.01}}",
        "{name: daily, synthetic: {seed: 3, bars: 800, timeframe: 1d, start: 2015-01-01, calendar: continuous, tick: 0.01}}",
    ]
    static let added = "{name: revert, synthetic: {seed: 4, bars: 520, timeframe: 1d, start: 2015-01-01, momentum: -0.4, tick: 0.01}}"

    static func run(_ markets: [String]) -> String {
        WalkForwardTests.run.replacingOccurrences(
            of: "data: {synthetic: {seed: 2, bars: 520, timeframe: 1d, start: 2015-01-01, momentum: 0.5, tick: 0.01}}",
            with: "data: [\(markets.joined(separator: ", "))]")
    }

    static func walkForward(_ project: BuildFixture) throws -> [String: Any] {
        let json = try JSONSerialization.jsonObject(with: Data(try project.read("output/wf/results.json").utf8)) as? [String: Any]
        return try #require(json?["walk_forward"] as? [String: Any])
    }

    @Test func eachMarketIsWalkedForwardAsAStudyOfItAloneAndTheAggregateAddsThemUp() throws {
        let project = try WalkForwardTests.project(run: Self.run(Self.markets))
        let built = try project.build(["--quiet"])
        #expect(built.status == 0, "\(built.stderr)")
        let rows = WalkForwardTests.rows(try project.read("output/wf/walkforward.csv"))
        let json = try Self.walkForward(project)
        let markets = try #require(json["markets"] as? [[String: Any]])
        #expect(markets.map { $0["market"] as? String } == ["trend", "daily"])
        // The same market alone: the same windows, choices, out-of-sample runs and stitched equity.
        for (m, market) in ["trend", "daily"].enumerated() {
            let alone = try WalkForwardTests.project(run: Self.run([Self.markets[m]]).replacingOccurrences(of: "data: [", with: "data: "))
            try alone.write("studies/wf/run.yaml", try alone.read("studies/wf/run.yaml").replacingOccurrences(of: "}}]", with: "}}"))
            let single = try alone.build(["--quiet"])
            #expect(single.status == 0, "\(single.stderr)")
            let expected = WalkForwardTests.rows(try alone.read("output/wf/walkforward.csv"))
            let mine = rows.filter { $0["market"] == market }.map { $0.filter { $0.key != "market" } }
            #expect(mine == expected, "\(market)")
            let stitched = try #require(try Self.walkForward(alone)["stitched_metrics"] as? [String: Any])
            #expect(
                (markets[m]["stitched_metrics"] as? [String: Any])?["total_return"] as? Double == stitched["total_return"] as? Double)
        }
        #expect(rows.filter { $0["market"] == "daily" }.count > rows.filter { $0["market"] == "trend" }.count)
        // The aggregate counts every market's windows; its efficiency is its CAGR over the mean
        // in-sample CAGR of every traded window.
        let aggregate = try #require(json["aggregate"] as? [String: Any])
        #expect(aggregate["windows"] as? Int == rows.count)
        #expect(aggregate["traded"] as? Int == rows.filter { $0["skipped"] == "false" }.count)
        #expect(aggregate["profitable"] as? Int == rows.filter { (Double($0["out_of_sample_return"] ?? "") ?? 0) > 0 }.count)
        let growth = rows.compactMap { Double($0["in_sample_cagr"] ?? "") }
        let cagr = try #require((aggregate["stitched_metrics"] as? [String: Any])?["cagr"] as? Double)
        let efficiency = try #require(aggregate["efficiency"] as? Double)
        #expect(abs(efficiency - cagr / (growth.reduce(0, +) / Double(growth.count))) < 1e-9)
        // The page: the markets table with a row per market and the portfolio, each market's section.
        let page = try project.read("output/wf/walkforward.html")
        #expect(page.contains("id=\"markets\"") && page.contains("All markets, equal weight"))
        #expect(page.contains("<section class=\"market\" id=\"market-1\"><h2>trend</h2>") && page.contains("id=\"windows-m2\""))
        for chart in ["walkforward-equity", "walkforward-m1-equity", "walkforward-m2-equity", "walkforward-m2-1"] {
            #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/wf/charts/\(chart).png").path))
        }
    }

    @Test func aMarketAddedRunsOnlyItsRunsAndOneTheWindowsDoNotFitIsNamed() throws {
        let project = try WalkForwardTests.project(run: Self.run(Self.markets))
        #expect(try project.build(["--quiet"]).status == 0)
        let before = WalkForwardTests.rows(try project.read("output/wf/walkforward.csv"))
        try project.write("studies/wf/run.yaml", Self.run(Self.markets + [Self.added]))
        // 6 whole-period runs and 6 in-sample runs per window on the new market; its out-of-sample
        // and hindsight runs are pending until those finish.
        let plan = try DataSliceTests.plan(project)
        let windows = 5  // from 2015-03-02: 6 months in sample, then 3 months out, to 2016-12 (520 weekdays)
        #expect(plan["to_run"] as? Int == 6 + 6 * windows + windows + 1, "\(plan)")
        let built = try project.build()
        #expect(built.status == 0, "\(built.stderr)")
        let rows = WalkForwardTests.rows(try project.read("output/wf/walkforward.csv"))
        #expect(rows.filter { $0["market"] == "revert" }.count == windows)
        #expect(rows.filter { $0["market"] != "revert" } == before)
        // A market too short for one window: the error names it, at walkforward.yaml's setting.
        let short = "{name: short, synthetic: {seed: 5, bars: 60, timeframe: 1d, start: 2015-01-01, tick: 0.01}}"
        try project.write("studies/wf/run.yaml", Self.run(Self.markets + [short]))
        let failed = try project.build(["--quiet"])
        #expect(failed.status == 1)
        #expect(
            failed.stderr.hasPrefix("studies/wf/walkforward.yaml:1:12: error: on market short, no walk-forward window fits the data"),
            "\(failed.stderr)")
    }
}
