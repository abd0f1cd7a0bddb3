import Foundation
import Testing

/// Several markets in one study (DESIGN section 9): runs = configurations x markets, one cached run
/// each, hashes that do not depend on the markets' order, a market added or removed, a bad file in
/// one market, and the located errors.
@Suite struct MarketTests {
    static let grid = """
        objective: sharpe_ratio
        parameters:
          strategy.signal_generator.params.fast: {values: [5, 10]}
        """

    static func run(_ data: String) -> String {
        "name: Markets\ndata: \(data)\nstrategy: {signal_generator: {plugin: sma_cross, params: {slow: 30}}}\n"
    }

    /// A project with the study `m` and four CSV markets A to D in `studies/data`.
    static func project(data: String = "[{file: ../data/A.csv}, {file: ../data/B.csv}, {file: ../data/C.csv}]") throws -> BuildFixture {
        let project = try BuildFixture(files: ["studies/m/run.yaml": run(data), "studies/m/optimization.yaml": grid])
        for (name, seed) in [("A", 1), ("B", 2), ("C", 3), ("D", 4)] {
            try project.write(
                "bars.yaml",
                "data: {synthetic: {seed: \(seed), bars: 400, tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n")
            let export = try BacklabBinary.run(["export-data", "bars.yaml", "-o", "studies/data/\(name).csv"], in: project.root)
            #expect(export.status == 0, "\(export.stderr)")
        }
        return project
    }

    /// results.csv's rows as (configuration, market) -> config hash.
    static func hashes(_ project: BuildFixture) throws -> [String: String] {
        let rows = WalkForwardTests.rows(try project.read("output/m/results.csv"))
        return Dictionary(uniqueKeysWithValues: rows.map { ("\($0["name"]!) @ \($0["market"]!)", $0["config_hash"]!) })
    }

    @Test func everyConfigurationRunsOnEveryMarketAndHashesDoNotDependOnTheirOrder() throws {
        let project = try Self.project()
        let first = try project.build()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("  m: 6 runs, 6 ran, 0 cached\n"), "\(first.stdout)")
        let rows = WalkForwardTests.rows(try project.read("output/m/results.csv"))
        // Configuration by configuration, market by market.
        #expect(
            rows.map { "\($0["name"]!) @ \($0["market"]!)" } == [
                "fast=5 @ A", "fast=5 @ B", "fast=5 @ C", "fast=10 @ A", "fast=10 @ B", "fast=10 @ C",
            ])
        let hashes = try Self.hashes(project)
        #expect(Set(hashes.values).count == 6)
        // The same markets in another order: nothing runs, and every pair keeps its hash.
        try project.write("studies/m/run.yaml", Self.run("[{file: ../data/C.csv}, {file: ../data/A.csv}, {file: ../data/B.csv}]"))
        let reordered = try project.build()
        #expect(reordered.stdout.contains("  m: 6 runs, 0 ran, 6 cached\n"), "\(reordered.stdout)")
        #expect(try Self.hashes(project) == hashes)
        // A market added: exactly its runs, one per configuration.
        try project.write(
            "studies/m/run.yaml", Self.run("[{file: ../data/C.csv}, {file: ../data/A.csv}, {file: ../data/B.csv}, {file: ../data/D.csv}]"))
        let plan = try DataSliceTests.plan(project)
        #expect(plan["total"] as? Int == 8 && plan["to_run"] as? Int == 2, "\(plan)")
        let added = try project.build()
        #expect(added.stdout.contains("  m: 8 runs, 2 ran, 6 cached\n"), "\(added.stdout)")
        // The same four by a glob (sorted by name): nothing runs; one removed: nothing runs.
        try project.write("studies/m/run.yaml", Self.run("{glob: ../data/*.csv}"))
        let globbed = try project.build()
        #expect(globbed.stdout.contains("  m: 8 runs, 0 ran, 8 cached\n"), "\(globbed.stdout)")
        #expect(WalkForwardTests.rows(try project.read("output/m/results.csv")).prefix(4).map { $0["market"]! } == ["A", "B", "C", "D"])
        try project.write("studies/m/run.yaml", Self.run("[{file: ../data/A.csv}, {file: ../data/D.csv}]"))
        let removed = try project.build()
        #expect(removed.stdout.contains("  m: 4 runs, 0 ran, 4 cached\n"), "\(removed.stdout)")
        #expect(try project.read("output/m/aggregate.csv").split(separator: "\n").count == 3)
    }

    @Test func aBadFileInOneMarketIsNamedAndTheOtherMarketsAndStudiesAreStillWritten() throws {
        let project = try Self.project()
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("studies/other"), withIntermediateDirectories: true)
        try project.write(
            "studies/other/run.yaml", "data: {synthetic: {seed: 1, bars: 300}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n")
        var lines = try project.read("studies/data/B.csv").split(separator: "\n").map(String.init)
        var fields = lines[4].split(separator: ",").map(String.init)
        fields[2] = "oops"
        lines[4] = fields.joined(separator: ",")
        try project.write("studies/data/B.csv", lines.joined(separator: "\n") + "\n")
        let result = try project.build(["--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("studies/data/B.csv:5:"), "\(result.stderr)")
        let rows = WalkForwardTests.rows(try project.read("output/m/results.csv"))
        #expect(rows.map { $0["market"]! } == ["A", "C", "A", "C"])
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/other/index.html").path))
        // Not marked up to date: mended, the next build runs B's runs.
        try project.write(
            "bars.yaml", "data: {synthetic: {seed: 2, bars: 400, tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n")
        _ = try BacklabBinary.run(["export-data", "bars.yaml", "-o", "studies/data/B.csv"], in: project.root)
        let mended = try project.build()
        #expect(mended.stdout.contains("  m: 6 runs, 2 ran, 4 cached\n"), "\(mended.stdout)")
    }

    /// With the first of two markets broken, the one left runs on its own data (not run.yaml's
    /// first section): the same runs, hashes and results as in the build with both.
    @Test func theMarketLeftWhenTheFirstIsBrokenRunsOnItsOwnData() throws {
        let project = try Self.project(data: "[{file: ../data/B.csv}, {file: ../data/C.csv}]")
        #expect(try project.build(["--quiet"]).status == 0)
        let before = WalkForwardTests.rows(try project.read("output/m/results.csv")).filter { $0["market"] == "C" }
        try project.write("studies/data/B.csv", "timestamp,open,high,low,close,volume\n2015-01-02,1,2,0.5,oops,1\n")
        let result = try project.build(["--quiet"])
        #expect(result.status == 1 && result.stderr.hasPrefix("studies/data/B.csv:2:"), "\(result.stderr)")
        let after = WalkForwardTests.rows(try project.read("output/m/results.csv"))
        #expect(before.count == 2 && after.count == 2)
        #expect(after.map { $0["config_hash"] } == before.map { $0["config_hash"] })
        #expect(after.map { $0["total_return"] } == before.map { $0["total_return"] })
    }

    /// From one market to two: the first market's cached runs lack the day-end equity the
    /// portfolio needs, so they run again once, with a warning that says so; from then on the
    /// entries keep both, and going back to one market or to two again runs nothing.
    @Test func fromOneMarketToTwoAndBack() throws {
        let project = try Self.project(data: "{file: ../data/A.csv}")
        #expect(try project.build(["--quiet"]).status == 0)
        try project.write("studies/m/run.yaml", Self.run("[{file: ../data/A.csv}, {file: ../data/B.csv}]"))
        let two = try project.build()
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stdout.contains("  m: 4 runs, 4 ran, 0 cached\n"), "\(two.stdout)")
        #expect(
            two.stderr.contains(
                "warning: 2 cached runs lack the day-end equity that a study over several markets needs (for the markets' portfolio); running them again"
            ), "\(two.stderr)")
        try project.write("studies/m/run.yaml", Self.run("{file: ../data/A.csv}"))
        #expect(try DataSliceTests.plan(project)["to_run"] as? Int == 0)
        let one = try project.build()
        #expect(one.stdout.contains("  m: 2 runs, 0 ran, 2 cached\n") && one.stderr.isEmpty, "\(one.stdout)\(one.stderr)")
        try project.write("studies/m/run.yaml", Self.run("[{file: ../data/A.csv}, {file: ../data/B.csv}]"))
        #expect(try DataSliceTests.plan(project)["to_run"] as? Int == 0)
    }

    /// Markets over different dates: the robustness box says the portfolio is diluted where a
    /// market has no data, and that it judges the portfolio, not the aggregate.
    @Test func thePageSaysWhatThePortfolioIs() throws {
        let project = try Self.project(data: "[{file: ../data/A.csv}, {file: ../data/F.csv}]")
        let lines = try project.read("studies/data/B.csv").split(separator: "\n")
        try project.write("studies/data/F.csv", lines.prefix(201).joined(separator: "\n") + "\n")
        #expect(try project.build(["--quiet"]).status == 0)
        let page = try project.read("output/m/index.html")
        #expect(page.contains("Over 2 markets these statistics judge each configuration by the equal-weight portfolio of its markets"))
        #expect(page.contains("The markets cover different dates: on a day outside its own data a market counts 0"))
        try project.write("studies/m/run.yaml", Self.run("[{file: ../data/A.csv}, {file: ../data/B.csv}]"))
        #expect(try project.build(["--quiet"]).status == 0)
        #expect(!(try project.read("output/m/index.html")).contains("The markets cover different dates"))
    }

    /// A market with fewer than two bars in its range is left out like a bad file: the others'
    /// runs are run, written and counted.
    @Test func aMarketWithoutBarsInItsRangeIsLeftOut() throws {
        let project = try Self.project(data: "[{file: ../data/A.csv}, {file: ../data/B.csv}, {file: ../data/E.csv}]")
        let first = try #require(try project.read("studies/data/A.csv").split(separator: "\n").dropFirst().first)
        try project.write("studies/data/E.csv", "timestamp,open,high,low,close,volume\n\(first)\n")
        let result = try project.build()
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("studies/data/E.csv: error: only 1 bar between data.start and data.end"), "\(result.stderr)")
        #expect(result.stdout.contains("  m: 4 runs, 4 ran, 0 cached\n"), "\(result.stdout)")
        let rows = WalkForwardTests.rows(try project.read("output/m/results.csv"))
        #expect(rows.map { $0["market"]! } == ["A", "B", "A", "B"])
        let results = try JSONSerialization.jsonObject(with: Data(try project.read("output/m/results.json").utf8)) as? [String: Any]
        #expect(results?["markets_left_out"] as? [String] == ["E"])
        #expect(try project.read("output/m/index.html").contains("(left out: E, whose data could not be read; see the build&#39;s errors)"))
    }

    @Test func badMarketsAreLocatedErrors() throws {
        func failure(_ data: String, variants: String? = nil, grid: String = Self.grid) throws -> String {
            let project = try Self.project()
            try project.write("studies/m/run.yaml", Self.run(data))
            try project.write("studies/m/optimization.yaml", grid)
            if let variants { try project.write("studies/m/variant.yaml", variants) }
            let result = try project.build(["--quiet"])
            #expect(result.status == 1)
            return result.stderr
        }
        let file = "studies/m/run.yaml"
        #expect(
            try failure("{glob: ../data/*_1d.csv}").hasPrefix("\(file):2:14: error: data.glob '../data/*_1d.csv' matches no file\n"))
        #expect(
            try failure("[{file: ../data/A.csv}, {name: A, file: ../data/B.csv}]")
                == "\(file):2:31: error: two markets are named 'A'\n"
                + "  hint: give them different name: keys in a list of markets (a market is named after its file's stem, or synthetic-<seed>; the files a glob matches need different stems)\n"
        )
        #expect(
            try failure("[{name: \"\", file: ../data/A.csv}, {file: ../data/B.csv}]")
                == "\(file):2:15: error: a market's name is empty\n  hint: name it, or leave name: out to name it after its file\n")
        #expect(
            try failure("[{file: ../data/A.csv}, {file: ../data/B.csv}, {file: ../data/C.csv}]", grid: Self.grid + "\nmax_runs: 5")
                == "studies/m/optimization.yaml:3:3: error: the grid's 2 configurations on 3 markets are 6 runs, more than max_runs (5)\n"
                + "  hint: narrow the ranges, use larger steps, add where constraints, list fewer markets, or raise max_runs\n")
        #expect(
            try failure("[]") == "\(file):2:7: error: data lists no markets\n  hint: list data sections: [{file: a.csv}, {file: b.csv}]\n")
        #expect(
            try failure("[{file: ../data/A.csv}, {file: ../data/B.csv}]", grid: Self.grid + "\n  data.start: {values: [2015-02-02]}")
                .contains("studies/m/optimization.yaml:4:3: error: a grid cannot vary data.start: run.yaml lists several markets\n"))
        #expect(
            try failure(
                "[{file: ../data/A.csv}, {file: ../data/B.csv}]",
                variants: "variants:\n  - name: Base\n  - name: Later\n    overrides: {data.start: 2015-06-01}\n"
            ).contains("studies/m/variant.yaml:4:17: error: a variant cannot override data.start: run.yaml lists several markets\n"))
    }

    @Test func backlabRunTakesOneMarketByName() throws {
        let project = try Self.project()
        let none = try BacklabBinary.run(["run", "studies/m/run.yaml"], in: project.root)
        #expect(none.status == 1)
        #expect(none.stderr == "studies/m/run.yaml: error: the run.yaml lists 3 markets\n  hint: choose one with --market NAME: A, B, C\n")
        let b = try BacklabBinary.run(["run", "studies/m/run.yaml", "--market", "B", "--json"], in: project.root)
        #expect(b.status == 0, "\(b.stderr)")
        let built = try project.build(["--quiet"])
        #expect(built.status == 0)
        // run.yaml's own configuration (sma_cross's default fast, 10) is also a grid point's: on
        // market B, the same run and the same hash.
        let json = try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any]
        #expect(json?["config_hash"] as? String == (try Self.hashes(project))["fast=10 @ B"])
        // --set data.* applies to the chosen market's section, from a list or a glob: the same
        // run as a run.yaml of that market alone with the setting written in.
        for folder in ["studies/alone", "studies/glob"] {
            try FileManager.default.createDirectory(at: project.root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let start = try #require(try project.read("studies/data/B.csv").split(separator: "\n").dropFirst(100).first?.prefix(10))
        try project.write("studies/alone/run.yaml", Self.run("{file: ../data/B.csv, trade_start: \(start)}"))
        let alone = try BacklabBinary.run(["run", "studies/alone/run.yaml", "--json"], in: project.root)
        #expect(alone.status == 0, "\(alone.stderr)")
        func hash(_ output: BacklabBinary.Output) -> String? {
            (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])?["config_hash"] as? String
        }
        let set = try BacklabBinary.run(
            ["run", "studies/m/run.yaml", "--market", "B", "--set", "data.trade_start=\(start)", "--json"], in: project.root)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(hash(set) != nil && hash(set) == hash(alone) && hash(set) != hash(b))
        try project.write("studies/glob/run.yaml", Self.run("{glob: ../data/*.csv}"))
        let globbed = try BacklabBinary.run(
            ["run", "studies/glob/run.yaml", "--market", "B", "--set", "data.trade_start=\(start)", "--json"], in: project.root)
        #expect(globbed.status == 0, "\(globbed.stderr)")
        #expect(hash(globbed) == hash(alone))
        let text = try BacklabBinary.run(["run", "studies/m/run.yaml", "--market", "B"], in: project.root)
        #expect(text.stdout.hasPrefix("Markets  (studies/m/run.yaml), market B\n"), "\(text.stdout)")
        let typo = try BacklabBinary.run(["run", "studies/m/run.yaml", "--market", "b"], in: project.root)
        #expect(typo.stderr.contains("error: no market named 'b' (did you mean 'B'?)"), "\(typo.stderr)")
    }

    /// export-returns over markets: each column is a configuration's equal-weight portfolio, the
    /// mean of its markets' own returns (exported one market at a time) day by day, and the best
    /// column's per-period Sharpe ratio, computed here from the CSV, is results.json's.
    @Test func exportReturnsWritesEachConfigurationsPortfolio() throws {
        let project = try Self.project(data: "[{file: ../data/A.csv}, {file: ../data/B.csv}]")
        func export(_ extra: [String]) throws -> [[Double]] {
            let output = try BacklabBinary.run(["export-returns", "studies/m"] + extra, in: project.root)
            #expect(output.status == 0, "\(output.stderr)")
            let lines = output.stdout.split(separator: "\n")
            #expect(lines.first == "date,configuration_1,configuration_2", "\(lines.first ?? "")")
            return lines.dropFirst().map { $0.split(separator: ",").dropFirst().map { Double($0)! } }
        }
        let portfolio = try export([])
        let a = try export(["--market", "A"])
        let b = try export(["--market", "B"])
        #expect(portfolio.count == 399 && a.count == 399 && b.count == 399)
        for (day, row) in portfolio.enumerated() {
            #expect(row == [(a[day][0] + b[day][0]) / 2, (a[day][1] + b[day][1]) / 2], "day \(day + 1)")
        }
        let built = try project.build(["--no-render"])
        #expect(built.status == 0, "\(built.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(try project.read("output/m/results.json").utf8)) as? [String: Any]
        let robustness = try #require((results?["optimization"] as? [String: Any])?["robustness"] as? [String: Any])
        let best = try #require(robustness["best_configuration"] as? Int)
        let column = portfolio.map { $0[best - 1] }
        let mean = column.reduce(0, +) / Double(column.count)
        let deviation = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count - 1)).squareRoot()
        let sharpe = try #require(robustness["sharpe"] as? Double)
        #expect(robustness["returns"] as? Int == column.count)
        #expect(abs(mean / deviation - sharpe) <= 1e-9 * abs(sharpe), "Sharpe \(mean / deviation), results.json \(sharpe)")
        let typo = try BacklabBinary.run(["export-returns", "studies/m", "--market", "a"], in: project.root)
        #expect(typo.status == 1 && typo.stdout.isEmpty)
        #expect(typo.stderr.contains("studies/m/run.yaml: error: no market named 'a' (did you mean 'A'?)"), "\(typo.stderr)")
    }

    /// Variants over three markets: results.json's all-rounder agrees with ranks recomputed here
    /// from results.csv's per-market values, and the page names it and draws its chart.
    @Test func variantsOverMarketsNameTheAllRounder() throws {
        let project = try Self.project()
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("studies/m/optimization.yaml"))
        try project.write(
            "studies/m/variant.yaml",
            """
            variants:
              - name: Base
              - name: Faster
                overrides: {strategy.signal_generator.params.fast: 5}
              - name: Slower
                overrides: {strategy.signal_generator.params.slow: 60}
            metrics: [sharpe_ratio, max_drawdown, total_trades]
            """)
        let built = try project.build(["--quiet"])
        #expect(built.status == 0, "\(built.stderr)")
        let rows = WalkForwardTests.rows(try project.read("output/m/results.csv"))
        let names = ["Base", "Faster", "Slower"]
        let markets = ["A", "B", "C"]
        #expect(rows.count == 9)
        // Rank by hand: 1 + the number of variants better, + half the number equal.
        func rank(_ name: String, _ market: String, _ metric: String, higher: Bool) throws -> Double {
            func value(_ variant: String) throws -> Double {
                let text = rows.first { $0["name"] == variant && $0["market"] == market }?[metric] ?? ""
                return try #require(Double(text), "\(variant) @ \(market): \(metric) '\(text)'")
            }
            let mine = try value(name)
            let others = try names.filter { $0 != name }.map(value)
            return 1 + Double(others.filter { higher ? $0 > mine : $0 < mine }.count) + Double(others.filter { $0 == mine }.count) / 2
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try project.read("output/m/results.json").utf8)) as? [String: Any])
        let rounder = try #require((json["variants"] as? [String: Any])?["all_rounder"] as? [String: Any])
        let meanRanks = try #require(rounder["mean_ranks"] as? [String: Double])
        var expected: [String: Double] = [:]
        for name in names {
            var sum = 0.0
            for market in markets {
                sum +=
                    try rank(name, market, "sharpe_ratio", higher: true) + rank(name, market, "max_drawdown", higher: false)
                    + rank(name, market, "total_trades", higher: true)
            }
            expected[name] = sum / 9
            #expect(abs((meanRanks[name] ?? .nan) - sum / 9) < 1e-12, "\(name): \(meanRanks)")
        }
        let order = try #require(rounder["order"] as? [String])
        #expect(order == names.sorted { (expected[$0]!, names.firstIndex(of: $0)!) < (expected[$1]!, names.firstIndex(of: $1)!) })
        #expect(Set(((rounder["by_market"] as? [String: Any]) ?? [:]).keys) == Set(markets))
        let page = try project.read("output/m/index.html")
        #expect(page.contains("The all-rounder is \(order[0])"), "\(page)")
        let chart = try Data(contentsOf: project.root.appendingPathComponent("output/m/charts/all-rounder.png"))
        #expect(chart.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }
}
