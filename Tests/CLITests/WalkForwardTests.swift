import Foundation
import Testing

/// walkforward.yaml through the real binary: the windows' choices, trades and stitched equity
/// checked against runs made one by one with `backlab run --set`, the plan's counts, and every
/// bad setting's located error.
@Suite struct WalkForwardTests {
    static let run = """
        name: Walk-forward by hand
        data: {synthetic: {seed: 2, bars: 520, timeframe: 1d, start: 2015-01-01, momentum: 0.5, tick: 0.01}}
        strategy:
          signal_generator: {plugin: sma_cross, params: {fast: 5, slow: 20}}
        """
    static let grid = """
        objective: sharpe_ratio
        parameters:
          strategy.signal_generator.params.fast: {values: [3, 5, 8]}
          strategy.signal_generator.params.slow: {values: [15, 30]}
        """
    static let windows = "in_sample: 6mo\nout_of_sample: 3mo\nfirst_trade: 2015-03-02\n"

    static func project(walkForward: String = windows, run: String = run, grid: String = grid) throws -> BuildFixture {
        try BuildFixture(files: [
            "studies/wf/run.yaml": run, "studies/wf/optimization.yaml": grid, "studies/wf/walkforward.yaml": walkForward,
        ])
    }

    static func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    /// `backlab run` of the study's run.yaml with `settings`, as JSON.
    static func runJSON(_ project: BuildFixture, _ settings: [String: String]) throws -> [String: Any] {
        let arguments =
            ["run", "studies/wf/run.yaml", "--json"] + settings.sorted { $0.key < $1.key }.flatMap { ["--set", "\($0)=\($1)"] }
        let output = try BacklabBinary.run(arguments, in: project.root)
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func eachWindowsChoiceTradesAndTheStitchedEquityMatchRunsMadeOneByOne() throws {
        let project = try Self.project()
        let build = try project.build(["--quiet"])
        #expect(build.status == 0, "\(build.stderr)")
        let windows = Self.rows(try project.read("output/wf/walkforward.csv"))
        // 520 weekday bars from 2015-01-01 reach 2016-12-28: five windows of 6 + 3 months, stepping 3.
        #expect(windows.map { $0["out_of_sample_start"]! } == ["2015-09-02", "2015-12-02", "2016-03-02", "2016-06-02", "2016-09-02"])
        #expect(windows.map { $0["in_sample_start"]! } == ["2015-03-02", "2015-06-02", "2015-09-02", "2015-12-02", "2016-03-02"])
        #expect(windows[0]["in_sample_end"] == "2015-09-01" && windows[0]["out_of_sample_end"] == "2015-12-01")
        var chained: [Double] = [10_000]
        var trades = 0
        for window in windows {
            // In sample: every grid point, run by hand; the best Sharpe ratio is the choice.
            var best: (fast: String, slow: String, sharpe: Double, hash: String)?
            for fast in ["3", "5", "8"] {
                for slow in ["15", "30"] {
                    let json = try Self.runJSON(
                        project,
                        [
                            "strategy.signal_generator.params.fast": fast, "strategy.signal_generator.params.slow": slow,
                            "data.trade_start": window["in_sample_start"]!, "data.end": window["in_sample_end"]!,
                        ])
                    let sharpe = (json["metrics"] as? [String: Any])?["sharpe_ratio"] as? Double
                    if let sharpe, sharpe > best?.sharpe ?? -.infinity { best = (fast, slow, sharpe, json["config_hash"] as! String) }
                }
            }
            let chosen = try #require(best)
            #expect(window["fast"] == chosen.fast && window["slow"] == chosen.slow, "\(window)")
            #expect(window["in_sample_hash"] == chosen.hash)
            #expect(Self.close(Double(window["in_sample_sharpe_ratio"]!), chosen.sharpe))
            // Out of sample: the chosen configuration on the next three months.
            let json = try Self.runJSON(
                project,
                [
                    "strategy.signal_generator.params.fast": chosen.fast, "strategy.signal_generator.params.slow": chosen.slow,
                    "data.trade_start": window["out_of_sample_start"]!, "data.end": window["out_of_sample_end"]!,
                ])
            #expect(window["out_of_sample_hash"] == json["config_hash"] as? String)
            let runTrades = try #require(json["trades"] as? [[String: Any]])
            #expect(Int(window["out_of_sample_trades"]!) == runTrades.count)
            trades += runTrades.count
            let metrics = try #require(json["metrics"] as? [String: Any])
            #expect(Self.close(Double(window["out_of_sample_return"]!), metrics["total_return"] as? Double))
            // Daily bars: every bar is a day's end. Chain each window's equity onto the last.
            let equity = try #require(json["equity"] as? [[Any]]).map { $0[1] as! Double }
            let level = chained.last!
            chained += equity.map { level * $0 / 10_000 }
        }
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(try project.read("output/wf/results.json").utf8)) as? [String: Any])
        let walkForward = try #require(results["walk_forward"] as? [String: Any])
        let stitched = try #require(walkForward["stitched_metrics"] as? [String: Any])
        #expect(Self.close(stitched["final_equity"] as? Double, chained.last!))
        #expect(Self.close(stitched["total_return"] as? Double, chained.last! / 10_000 - 1))
        #expect(stitched["total_trades"] as? Double == Double(trades))
        let returns = (1..<chained.count).map { chained[$0] / chained[$0 - 1] - 1 }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let deviation = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count - 1)).squareRoot()
        #expect(Self.close(stitched["sharpe_ratio"] as? Double, mean / deviation * 252.0.squareRoot(), 1e-7))
        var peak = 0.0
        var drawdown = 0.0
        for value in chained {
            peak = max(peak, value)
            drawdown = max(drawdown, 1 - value / peak)
        }
        #expect(Self.close(stitched["max_drawdown"] as? Double, drawdown))
        #expect(walkForward["traded"] as? Int == 5)
        #expect(walkForward["profitable"] as? Int == windows.filter { Double($0["out_of_sample_return"]!)! > 0 }.count)
    }

    @Test func planCountsEveryWindowsRunsAndASecondBuildRunsNothing() throws {
        let project = try Self.project()
        // 6 whole-period runs, 5 windows x 6 in sample, then 5 out of sample and the hindsight run.
        let before = try DataSliceTests.plan(project)
        #expect(before["total"] as? Int == 6 + 30 + 5 + 1 && before["to_run"] as? Int == 42, "\(before)")
        let first = try project.build()
        #expect(first.stdout.contains("  wf: 42 runs, 42 ran, 0 cached\n"), "\(first.stdout)")
        let after = try DataSliceTests.plan(project)
        #expect(after["cached"] as? Int == 42 && after["to_run"] as? Int == 0, "\(after)")
        let again = try project.build()
        #expect(again.stdout.contains("  wf: 42 runs, up to date\n"), "\(again.stdout)")
        // Without the entries of the chosen in-sample runs and the out-of-sample runs, plan counts
        // the first to run and the second as to run too (their configuration is not known yet).
        let listed = try project.read("output/wf/walkforward.csv")
        try project.removeCacheEntries(project.cacheEntries().filter { listed.contains($0) })
        let gone = try DataSliceTests.plan(project)
        #expect(gone["to_run"] as? Int == 10, "\(gone)")  // 5 in-sample choices' entries and 5 out-of-sample ones
    }
}

extension WalkForwardTests {
    @Test func appendingOneWindowOfBarsRunsOnlyThatWindowAndTheRunsThatReachTheNewBars() throws {
        let project = try Self.project(
            run: Self.run.replacingOccurrences(
                of: "{synthetic: {seed: 2, bars: 520, timeframe: 1d, start: 2015-01-01, momentum: 0.5, tick: 0.01}}",
                with: "{file: bars.csv}"))
        try project.write(
            "long.yaml",
            "data: {synthetic: {seed: 2, bars: 700, timeframe: 1d, start: 2015-01-01, momentum: 0.5, tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
        )
        #expect(try BacklabBinary.run(["export-data", "long.yaml", "-o", "long.csv"], in: project.root).status == 0)
        let lines = try project.read("long.csv").split(separator: "\n").map(String.init)
        func write(bars: Int) throws { try project.write("studies/wf/bars.csv", lines.prefix(bars + 1).joined(separator: "\n") + "\n") }
        try write(bars: 520)  // to 2016-12-28, as the synthetic study: five windows
        let first = try project.build()
        #expect(first.stdout.contains("  wf: 42 runs, 42 ran, 0 cached\n"), "\(first.stdout)")
        // The sixth window's out-of-sample range ends on 2017-03-01: its bars complete it.
        let through = try #require(lines.firstIndex { $0.hasPrefix("2017-03-01") })
        try write(bars: through)
        let plan = try DataSliceTests.plan(project)
        // 6 whole-period runs reach the new bars, the new window's 6 in-sample runs, its
        // out-of-sample run and the hindsight run (its dates now end later): 14; the rest cached.
        #expect(plan["total"] as? Int == 49 && plan["to_run"] as? Int == 14 && plan["cached"] as? Int == 35, "\(plan)")
        let second = try project.build()
        #expect(second.stdout.contains("  wf: 49 runs, 14 ran, 35 cached\n"), "\(second.stdout)")
        #expect(Self.rows(try project.read("output/wf/walkforward.csv")).count == 6)
        // One more bar completes no window: only the whole-period runs read it. `plan` also counts
        // the hindsight run, whose configuration is their best, not known until they ran; the build
        // finds it cached (the same best, the same dates).
        try write(bars: through + 1)
        let third = try DataSliceTests.plan(project)
        #expect(third["to_run"] as? Int == 7 && third["cached"] as? Int == 42, "\(third)")
        let fourth = try project.build()
        #expect(fourth.stdout.contains("  wf: 49 runs, 6 ran, 43 cached\n"), "\(fourth.stdout)")
    }

    @Test func everyBadSettingIsALocatedErrorAndTheOtherStudiesStillBuild() throws {
        func failure(_ walkForward: String, grid: String = Self.grid, run: String = Self.run) throws -> String {
            let project = try Self.project(walkForward: walkForward, run: run, grid: grid)
            try FileManager.default.createDirectory(
                at: project.root.appendingPathComponent("studies/other"), withIntermediateDirectories: true)
            try project.write(
                "studies/other/run.yaml", "data: {synthetic: {seed: 1, bars: 300}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n")
            let result = try project.build(["--quiet"])
            #expect(result.status == 1)
            #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/other/index.html").path))
            #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/wf/index.html").path))
            return result.stderr
        }
        let file = "studies/wf/walkforward.yaml"
        #expect(
            try failure("in_sample: 0\nout_of_sample: 3mo\n")
                == "\(file):1:12: error: in_sample is 0, but must be greater than 0\n  hint: \(Self.lengthHint)\n")
        #expect(
            try failure("in_sample: -3\nout_of_sample: 3mo\n")
                == "\(file):1:12: error: in_sample is -3, but must be greater than 0\n  hint: \(Self.lengthHint)\n")
        #expect(
            try failure("in_sample: 3x\nout_of_sample: 3mo\n")
                == "\(file):1:12: error: in_sample '3x' is not a duration or a number of bars\n  hint: \(Self.lengthHint)\n")
        #expect(
            try failure("in_sample: 6mo\nout_of_sampel: 3mo\n")
                == "\(file):1:1: error: walkforward.yaml needs out_of_sample\n  hint: \(Self.lengthHint)\n"
                + "\(file):2:1: error: unknown key 'out_of_sampel' at the top level (did you mean 'out_of_sample'?)\n"
                + "  hint: allowed keys: in_sample, out_of_sample, step, anchored, first_trade\n")
        #expect(
            try failure("in_sample: 3y\nout_of_sample: 6mo\n")
                == "\(file):1:12: error: no walk-forward window fits the data: in_sample 3y and out_of_sample 6mo end on 2018-07-01, but the data ends on 2016-12-28 with 520 bars from the first trade\n"
                + "  hint: shorten in_sample or out_of_sample, start trading earlier (first_trade), or add data\n")
        #expect(
            try failure("in_sample: 100\nout_of_sample: 500\n")
                == "\(file):1:12: error: no walk-forward window fits the data: in_sample (100 bars) and out_of_sample (500 bars) need 600 bars from the first trade, but the data ends on 2016-12-28 with 520 bars from the first trade\n"
                + "  hint: shorten in_sample or out_of_sample, start trading earlier (first_trade), or add data\n")
        #expect(
            try failure("in_sample: 6mo\nout_of_sample: 3mo\nstep: 1mo\n")
                == "\(file):3:7: error: step 1mo is shorter than out_of_sample 3mo: the out-of-sample ranges of windows 1 and 2 overlap\n"
                + "  hint: the stitched out-of-sample equity would count those bars twice: use a step of at least out_of_sample (the default)\n"
        )
        #expect(
            try failure("in_sample: 6mo\nout_of_sample: 3mo\nfirst_trade: 2030-01-01\n")
                == "\(file):3:14: error: the walk-forward starts trading on 2030-01-01, after the data's last bar (2016-12-28)\n"
                + "  hint: move first_trade (or run.yaml's data.trade_start) into the data, or add data\n")
        #expect(
            try failure("in_sample: 1\nout_of_sample: 20\n")
                == "\(file):1:12: error: in_sample (1 bar) holds 1 bar in window 1\n  hint: a window's range needs at least 2 bars: make in_sample longer\n"
        )
        #expect(
            try failure("in_sample: 6mo\nout_of_sample: 3mo\nanchored: yes please\n")
                == "\(file):3:11: error: anchored must be true or false, not 'yes please'\n")
        #expect(
            try failure(Self.windows, grid: Self.grid + "\n  data.end: {values: [2016-06-30, 2016-12-29]}")
                == "studies/wf/optimization.yaml:5:3: error: a walk-forward grid cannot vary data.end\n"
                + "  hint: the windows are cut from run.yaml's data and set data.trade_start and data.end themselves\n")
        // Without an optimization.yaml.
        let lone = try BuildFixture(files: ["studies/wf/run.yaml": Self.run, "studies/wf/walkforward.yaml": Self.windows])
        let result = try lone.build(["--quiet"])
        #expect(result.status == 1)
        #expect(
            result.stderr == "\(file):1:1: error: walkforward.yaml needs an optimization.yaml beside it\n"
                + "  hint: each window runs the grid of optimization.yaml in sample, then its best configuration out of sample\n")
    }

    @Test func aStudyFileThatIsNotAReadableFileIsALocatedErrorNotAbsent() throws {
        let hint = "  hint: a study's walkforward.yaml must be a YAML file; replace it with one, or remove it\n"
        let cases: [(String, (URL) throws -> Void)] = [
            ("is a folder, not a file", { try FileManager.default.createDirectory(at: $0, withIntermediateDirectories: false) }),
            (
                "is a link that leads to nothing",
                { try FileManager.default.createSymbolicLink(atPath: $0.path, withDestinationPath: "nowhere") }
            ),
            (
                "is a link that loops back on itself",
                { try FileManager.default.createSymbolicLink(atPath: $0.path, withDestinationPath: $0.lastPathComponent) }
            ),
            ("is a named pipe (FIFO), not a file", { #expect(mkfifo($0.path, 0o644) == 0) }),
        ]
        for (message, make) in cases {
            let project = try BuildFixture(files: ["studies/wf/run.yaml": Self.run, "studies/wf/optimization.yaml": Self.grid])
            try make(project.root.appendingPathComponent("studies/wf/walkforward.yaml"))
            let result = try project.build(["--quiet"])
            #expect(result.status == 1)
            #expect(result.stderr == "studies/wf/walkforward.yaml: error: walkforward.yaml \(message)\n" + hint, "\(result.stderr)")
        }
    }

    static let lengthHint = "write a duration such as 3y, 6mo, 2w or 30d, or a number of bars such as 756"
}

extension WalkForwardTests {
    @Test func shardsThenAFinalBuildGiveTheSameWalkForwardAsOneBuild() throws {
        let project = try Self.project()
        let single = try project.build(["--quiet", "--output", "one", "--cache", "cache-one", "--ledger", "ledger-one"])
        #expect(single.status == 0, "\(single.stderr)")
        // Shard 1 runs its part of the in-sample grids; shard 2 its part, and, every grid now
        // complete in the cache, its part of the out-of-sample runs and the hindsight run; shard 1
        // once more the rest of those. Nothing is left for the final build.
        for shard in ["1/2", "2/2", "1/2"] {
            let part = try project.build(["--quiet", "--shard", shard, "--cache", "shared"])
            #expect(part.status == 0, "\(part.stderr)")
        }
        let plan = try BacklabBinary.run(["plan", "--json", "--cache", "shared"], in: project.root)
        let left = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])["to_run"] as? Int
        #expect(left == 0, "\(plan.stdout)")
        let final = try project.build(["--output", "two", "--cache", "shared", "--ledger", "ledger-two"])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(final.stdout.contains("  wf: 42 runs, 0 ran, 42 cached\n"), "\(final.stdout)")
        for file in ["wf/walkforward.csv", "wf/results.json", "wf/results.csv"] {
            #expect(try project.read("one/\(file)") == project.read("two/\(file)"), "\(file)")
        }
    }
}
