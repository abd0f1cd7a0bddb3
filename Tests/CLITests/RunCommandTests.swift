import BacklabCLI
import Engine
import Foundation
import Storage
import Study
import Testing

/// The committed reference of ReferenceFidelityTests: backtesting.py and empyrical on the data of
/// Tests/WorkflowsTests/Fixtures/reference/NAME/run.yaml.
struct Reference: Decodable {
    struct ClosedTrade: Decodable {
        let entryBar: Int, exitBar: Int, size: Double, entryPrice: Double, exitPrice: Double, pnl: Double
    }
    struct OpenTrade: Decodable { let entryBar: Int, size: Double, entryPrice: Double }
    let dataSha256: String
    let bars: Int
    let trades: [ClosedTrade]
    let openTrade: OpenTrade?
    let finalEquity: Double, maxDrawdown: Double, sharpeRatio: Double, sortinoRatio: Double, volatility: Double

    static let folder = "Tests/WorkflowsTests/Fixtures/reference"

    /// The run.yaml, relative to the package root.
    static func config(_ name: String) -> String { "\(folder)/\(name)/run.yaml" }

    static func load(_ name: String) throws -> Reference {
        let url = BacklabBinary.packageRoot.appendingPathComponent("\(folder)/\(name)/expected.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Reference.self, from: Data(contentsOf: url))
    }

    static func close(_ a: Double?, _ b: Double, relative: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }
}

/// The real binary: what users see on stdout and stderr, and the exit codes of DESIGN section 5.
@Suite struct RunCommandTests {
    static let study = "studies/sma-atr/run.yaml"

    /// `backlab run PATH --json ARGS`, parsed.
    static func json(_ path: String, _ arguments: [String] = []) throws -> [String: Any] {
        let output = try BacklabBinary.run(["run", path, "--json"] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    /// Checks a run's trades and final equity against a reference: every closed trade, and the
    /// open one that Backlab closes at the last bar as `end`.
    static func expectTrades(_ json: [String: Any], match reference: Reference) throws {
        let trades = try #require(json["trades"] as? [[String: Any]])
        let closed = trades.filter { $0["exit_reason"] as? String != "end" }
        #expect(closed.count == reference.trades.count)
        for (ours, theirs) in zip(closed, reference.trades) {
            #expect(
                ours["entry_bar"] as? Int == theirs.entryBar && ours["exit_bar"] as? Int == theirs.exitBar
                    && ours["size"] as? Double == theirs.size, "trade entered at bar \(theirs.entryBar)")
            #expect(
                Reference.close(ours["entry_price"] as? Double, theirs.entryPrice)
                    && Reference.close(ours["exit_price"] as? Double, theirs.exitPrice))
            #expect(abs((ours["pnl"] as? Double ?? .nan) - theirs.pnl) <= 1e-9 * max(abs(theirs.pnl), 1))
        }
        if let open = reference.openTrade {
            let last = try #require(trades.last)
            #expect(last["exit_reason"] as? String == "end" && last["entry_bar"] as? Int == open.entryBar)
            #expect(last["size"] as? Double == open.size && Reference.close(last["entry_price"] as? Double, open.entryPrice))
        } else {
            #expect(closed.count == trades.count)
        }
        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(Reference.close(metrics["final_equity"] as? Double, reference.finalEquity))
    }

    @Test func runPrintsASummaryOfMetricsAndTrades() throws {
        let path = Reference.config("daily_bracket")
        let reference = try Reference.load("daily_bracket")
        let output = try BacklabBinary.run(["run", path])
        #expect(output.status == 0)
        #expect(output.stderr.isEmpty)
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "reference daily_bracket  (\(path))")
        #expect(
            lines.dropFirst().first == "\(reference.bars) bars, 2015-01-02 to 2024-08-29; sma_cross(fast=10, slow=30) + "
                + "fixed_percentage_exit(ignore_signal_exit=false, stop_pct=0.03, target_pct=0.06) + fixed_fraction(fraction=1)")
        let hash = try #require(lines.dropFirst(2).first)
        #expect(hash.hasPrefix("config hash ") && hash.dropFirst(12).count == 64 && hash.dropFirst(12).allSatisfy(\.isHexDigit))
        // The metrics table: "  Title  value" lines, the value after the widest title's padding.
        var table: [String: String] = [:]
        for line in lines where line.hasPrefix("  ") {
            let parts = line.components(separatedBy: "  ").filter { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { table[parts[0]] = parts[1] }
        }
        func fixed(_ value: Double) -> String { String(format: "%.2f", value) }
        #expect(table.count == MetricRegistry.all.count)
        #expect(table["Total return [%]"] == fixed((reference.finalEquity / 10_000 - 1) * 100) + "%")
        #expect(table["Volatility (ann.) [%]"] == fixed(reference.volatility * 100) + "%")
        #expect(table["Sharpe ratio"] == fixed(reference.sharpeRatio))
        #expect(table["Sortino ratio"] == fixed(reference.sortinoRatio))
        #expect(table["Max. drawdown [%]"] == fixed(reference.maxDrawdown * 100) + "%")
        #expect(table["Trades"] == String(reference.trades.count))
        // Money as on the pages: thousands grouped (the reference's final equity is above 10,000).
        let money = fixed(reference.finalEquity)
        #expect(reference.finalEquity >= 10_000 && reference.finalEquity < 100_000)
        #expect(table["Final equity [money]"] == money.prefix(2) + "," + money.dropFirst(2))
        // No trade is open at the end, so every trade left by a signal, a stop or a target.
        let reasons = try #require(lines.first { $0.hasPrefix("Trades by exit reason: ") })
        var counts: [String: Int] = [:]
        for item in reasons.dropFirst("Trades by exit reason: ".count).components(separatedBy: ", ") {
            let pair = item.split(separator: " ")
            counts[String(pair[0])] = Int(pair[1])
        }
        #expect(Set(counts.keys).isSubset(of: ["signal", "stop", "target"]))
        #expect(counts.values.reduce(0, +) == reference.trades.count)
        #expect(lines.suffix(2) == [reasons, ""])
    }

    @Test func runJSONHasTheContractsShapeAndTheReferencesFigures() throws {
        let reference = try Reference.load("daily_bracket")
        let json = try Self.json(Reference.config("daily_bracket"))
        #expect(Set(json.keys) == ["config_hash", "metrics", "trades", "equity"])
        let hash = try #require(json["config_hash"] as? String)
        #expect(hash.count == 64 && hash.allSatisfy(\.isHexDigit))
        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(metrics.count == MetricRegistry.all.count)
        #expect(Reference.close(metrics["max_drawdown"] as? Double, reference.maxDrawdown))
        #expect(Reference.close(metrics["sharpe_ratio"] as? Double, reference.sharpeRatio))
        #expect(Reference.close(metrics["sortino_ratio"] as? Double, reference.sortinoRatio))
        #expect(Reference.close(metrics["volatility"] as? Double, reference.volatility))
        #expect(metrics["total_trades"] as? Int == reference.trades.count)
        let trades = try #require(json["trades"] as? [[String: Any]])
        #expect(
            Set(trades.first?.keys ?? [:].keys) == [
                "entry_time", "exit_time", "entry_bar", "exit_bar", "entry_price", "exit_price", "size", "fees", "pnl", "return",
                "exit_reason",
            ])
        try Self.expectTrades(json, match: reference)
        let equity = try #require(json["equity"] as? [[Any]])
        #expect(equity.count == reference.bars)
        // Flat on the first bar (entries fill at the next open): the initial capital.
        #expect(equity.first?.first as? String == "2015-01-02T00:00:00Z" && equity.first?.last as? Double == 10_000)
        #expect(Reference.close(equity.last?.last as? Double, reference.finalEquity))
    }

    @Test func setChangesTheRunAndItsHash() throws {
        // daily_bracket and daily_signal differ only in the exit planner: swapping it with --set
        // gives daily_signal's trades and config hash.
        let bracket = try Self.json(Reference.config("daily_bracket"))
        let swapped = try Self.json(Reference.config("daily_bracket"), ["--set", "strategy.exit_planner={plugin: signal_exit}"])
        let signal = try Self.json(Reference.config("daily_signal"))
        try Self.expectTrades(swapped, match: try Reference.load("daily_signal"))
        #expect(swapped["config_hash"] as? String == signal["config_hash"] as? String)
        #expect(swapped["config_hash"] as? String != bracket["config_hash"] as? String)
        // Setting the value the file already has is no change.
        let same = try Self.json(Reference.config("daily_bracket"), ["--set", "strategy.signal_generator.params.fast=10"])
        #expect(same["config_hash"] as? String == bracket["config_hash"] as? String)
    }

    @Test func badConfigIsReportedWithEveryProblemAndExitCode1() throws {
        let folder = try BacklabBinary.folder([
            "s/run.yaml": """
            data: {synthetic: {seed: 1, bars: 0}}
            strategy:
              signal_generator: {plugin: sma_crss}
              size_planner: {plugin: fixed_fraction, params: {fraction: 2}}
            """
        ])
        let output = try BacklabBinary.run(["run", "s/run.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(
            output.stderr == """
                s/run.yaml:1:35: error: data.synthetic.bars is 0, but must be between 1 and 50000000
                s/run.yaml:3:30: error: unknown signal_generator plugin 'sma_crss' (did you mean 'sma_cross'?)
                  hint: available: sma_cross, ema_cross, rsi_reversion, donchian_breakout, bollinger_breakout, macd_cross
                s/run.yaml:4:61: error: strategy.size_planner.params.fraction is 2, outside the allowed range (0, 1]
                  hint: fixed_fraction.fraction: Fraction of equity to invest. Allowed: (0, 1].

                """)
    }

    @Test func badDataNamesTheCSVFileLineAndColumn() throws {
        let folder = try BacklabBinary.folder([
            "s/run.yaml": "data: {file: ../data/bad.csv}\nstrategy: {signal_generator: {plugin: sma_cross}}\n",
            "data/bad.csv": "date,open,high,low,close\n2020-01-02,1,2,1,1.5\n2020-01-03,1,2,3,1.5\n",
        ])
        let output = try BacklabBinary.run(["run", "s/run.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(
            output.stderr == "data/bad.csv:3:14: error: high 2.0 is below low 3.0\n  hint: check the column order and the row's values\n")
    }

    @Test func missingFilesAndUsageErrorsExitWith1() throws {
        let missing = try BacklabBinary.run(["run", "studies/nope/run.yaml"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr == "studies/nope/run.yaml: error: file not found\n  hint: check the path; it is relative to the current folder\n"
        )
        let folder = try BacklabBinary.folder(["s/run.yaml": "data: {file: gone.csv}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"])
        let noData = try BacklabBinary.run(["run", "s/run.yaml"], in: folder)
        #expect(noData.status == 1)
        #expect(noData.stderr.hasPrefix("s/gone.csv: error: data file not found\n"))
        let usage = try BacklabBinary.run(["run"])
        #expect(usage.status == 1)
        #expect(usage.stderr.hasPrefix("Error: Missing expected argument '<config>'"))
        let badSet = try BacklabBinary.run(["run", Self.study, "--set", "fast"])
        #expect(badSet.status == 1)
        #expect(
            badSet.stderr
                == "--set: error: 'fast' is not of the form dotted.path=value\n  hint: for example --set strategy.signal_generator.params.fast=20\n"
        )
    }

    @Test func exportedDataGivesTheSameResultAsTheSyntheticSource() throws {
        // The reference's run.yaml with its synthetic source swapped for the exported CSV.
        let path = Reference.config("daily_signal")
        let reference = try Reference.load("daily_signal")
        let original = try String(contentsOf: BacklabBinary.packageRoot.appendingPathComponent(path), encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let swapped = lines.map { $0.contains("synthetic:") ? "  file: bars.csv" : String($0) }.joined(separator: "\n")
        #expect(swapped != original)
        let folder = try BacklabBinary.folder(["run.yaml": swapped])
        let csv = folder.appendingPathComponent("bars.csv")
        let export = try BacklabBinary.run(["export-data", path, "-o", csv.path])
        #expect(export.status == 0)
        // The very bytes the reference engines read.
        #expect(SHA256Digest.hex([UInt8](try Data(contentsOf: csv))) == reference.dataSha256)
        let output = try BacklabBinary.run(["run", "run.yaml", "--json"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let fromCSV = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        try Self.expectTrades(fromCSV, match: reference)
        // The same bars from either source: the same config hash (it covers the bars a run reads,
        // not where they come from) and the same result.
        let fromSource = try Self.json(path)
        #expect(fromCSV["config_hash"] as? String == fromSource["config_hash"] as? String)
        for key in ["metrics", "trades", "equity"] {
            let csvValue = try JSONSerialization.data(withJSONObject: try #require(fromCSV[key]), options: .sortedKeys)
            let sourceValue = try JSONSerialization.data(withJSONObject: try #require(fromSource[key]), options: .sortedKeys)
            #expect(csvValue == sourceValue, "\(key)")
        }
    }

    @Test func momentumReachesExportedBarsAndSetAndIsChecked() throws {
        let yaml = "data: {synthetic: {seed: 3, bars: 300, tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
        let folder = try BacklabBinary.folder([
            "plain.yaml": yaml, "trending.yaml": yaml.replacingOccurrences(of: "tick: 0.01", with: "tick: 0.01, momentum: 0.5"),
        ])
        let plain = try BacklabBinary.run(["export-data", "plain.yaml"], in: folder)
        let trending = try BacklabBinary.run(["export-data", "trending.yaml"], in: folder)
        #expect(plain.status == 0 && trending.status == 0)
        let start = UTCDate.days(year: 2015, month: 1, day: 2) * UTCDate.millisPerDay
        let source = SyntheticSource(seed: 3, bars: 300, timeframe: Timeframe("1d")!, start: start, momentum: 0.5, tick: 0.01)
        #expect(trending.stdout == source.generate().csvText())
        #expect(trending.stdout != plain.stdout)
        // --set reaches the same key: the run on plain.yaml with it is the run on trending.yaml.
        let set = try BacklabBinary.run(["run", "plain.yaml", "--json", "--set", "data.synthetic.momentum=0.5"], in: folder)
        let file = try BacklabBinary.run(["run", "trending.yaml", "--json"], in: folder)
        let unset = try BacklabBinary.run(["run", "plain.yaml", "--json"], in: folder)
        func equity(_ output: BacklabBinary.Output) throws -> Data {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            return try JSONSerialization.data(withJSONObject: try #require(object["equity"]), options: .sortedKeys)
        }
        #expect(try equity(set) == equity(file))
        #expect(try equity(set) != equity(unset))
        let bad = try BacklabBinary.run(["run", "plain.yaml", "--set", "data.synthetic.momentum=0.95"], in: folder)
        #expect(bad.status == 1)
        #expect(
            bad.stderr == """
                --set: error: data.synthetic.momentum is 0.95, but must be at least -0.9 and at most 0.9
                  hint: how much returns follow their past month's trend: 0.5 trends, -0.3 reverts, 0 is a random walk

                """)
    }

    @Test func docsPluginsMarkdownIsGeneratedFromTheRegistry() throws {
        let docs = try String(contentsOf: BacklabBinary.packageRoot.appendingPathComponent("docs/plugins.md"), encoding: .utf8)
        #expect(docs == PluginDocs.markdown, "regenerate with: .build/debug/backlab plugins --markdown > docs/plugins.md")
    }
}

@Suite struct DocsTests {
    @Test func metricsDocHasEveryMetricWithItsFormula() throws {
        let docs = try String(contentsOf: BacklabBinary.packageRoot.appendingPathComponent("docs/metrics.md"), encoding: .utf8)
        for metric in MetricRegistry.all {
            let row = "| `\(metric.id.rawValue)` | \(metric.title) | \(metric.direction.rawValue) | \(metric.formula) |"
            #expect(docs.contains(row), "docs/metrics.md lacks: \(row)")
        }
    }
}
