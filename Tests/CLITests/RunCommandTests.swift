import BacklabCLI
import Engine
import Foundation
import Testing

/// The real binary: what users see on stdout and stderr, and the exit codes of DESIGN section 5.
@Suite struct RunCommandTests {
    static let study = "studies/sma-atr/run.yaml"

    @Test func runPrintsASummaryOfMetricsAndTrades() throws {
        let output = try BacklabBinary.run(["run", Self.study])
        #expect(output.status == 0)
        #expect(output.stderr.isEmpty)
        #expect(output.stdout.hasPrefix("SMA crossover, ATR exit  (studies/sma-atr/run.yaml)\n2520 bars, 2015-01-02 to "))
        for title in ["Total return [%]", "Sharpe ratio", "Max. drawdown [%]", "Trades", "Final equity [money]", "Trades by exit reason: "] {
            #expect(output.stdout.contains(title), "\(title)")
        }
    }

    @Test func runJSONHasTheContractsShape() throws {
        let output = try BacklabBinary.run(["run", Self.study, "--json"])
        #expect(output.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["config_hash", "metrics", "trades", "equity"])
        let hash = try #require(json["config_hash"] as? String)
        #expect(hash.count == 64 && hash.allSatisfy(\.isHexDigit))
        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(metrics.count == 19 && metrics["sharpe_ratio"] is Double)
        let trades = try #require(json["trades"] as? [[String: Any]])
        #expect(!trades.isEmpty)
        #expect(Set(trades[0].keys) == ["entry_time", "exit_time", "entry_bar", "exit_bar", "entry_price", "exit_price", "size", "fees", "pnl", "return", "exit_reason"])
        let equity = try #require(json["equity"] as? [[Any]])
        #expect(equity.count == 2520)
        #expect(equity[0][0] as? String == "2015-01-02T00:00:00Z")
        #expect(equity.last?[1] as? Double == metrics["final_equity"] as? Double)
        // The same config hash on every run: the hash is a pure function of the resolved config.
        let again = try BacklabBinary.run(["run", Self.study, "--json"])
        let identical = again.stdout == output.stdout
        #expect(identical)
    }

    @Test func setChangesTheRunAndItsHash() throws {
        let base = try BacklabBinary.run(["run", Self.study, "--json"])
        let changed = try BacklabBinary.run(["run", Self.study, "--json", "--set", "strategy.signal_generator.params.fast=12"])
        #expect(changed.status == 0)
        #expect(base.stdout.prefix(90) != changed.stdout.prefix(90))
    }

    @Test func badConfigIsReportedWithEveryProblemAndExitCode1() throws {
        let folder = try BacklabBinary.folder(["s/run.yaml": """
            data: {synthetic: {seed: 1, bars: 0}}
            strategy:
              signal_generator: {plugin: sma_crss}
              size_planner: {plugin: fixed_fraction, params: {fraction: 2}}
            """])
        let output = try BacklabBinary.run(["run", "s/run.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr == """
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
        #expect(output.stderr == "data/bad.csv:3:14: error: high 2.0 is below low 3.0\n  hint: check the column order and the row's values\n")
    }

    @Test func missingFilesAndUsageErrorsExitWith1() throws {
        let missing = try BacklabBinary.run(["run", "studies/nope/run.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "studies/nope/run.yaml: error: file not found\n  hint: check the path; it is relative to the current folder\n")
        let folder = try BacklabBinary.folder(["s/run.yaml": "data: {file: gone.csv}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"])
        let noData = try BacklabBinary.run(["run", "s/run.yaml"], in: folder)
        #expect(noData.status == 1)
        #expect(noData.stderr.hasPrefix("s/gone.csv: error: data file not found\n"))
        let usage = try BacklabBinary.run(["run"])
        #expect(usage.status == 1)
        #expect(usage.stderr.hasPrefix("Error: Missing expected argument '<config>'"))
        let badSet = try BacklabBinary.run(["run", Self.study, "--set", "fast"])
        #expect(badSet.status == 1)
        #expect(badSet.stderr == "--set: error: 'fast' is not of the form dotted.path=value\n  hint: for example --set strategy.signal_generator.params.fast=20\n")
    }

    @Test func exportedDataGivesTheSameResultAsTheSyntheticSource() throws {
        // The study's run.yaml with its synthetic source swapped for the exported CSV.
        let original = try String(contentsOf: BacklabBinary.packageRoot.appendingPathComponent(Self.study), encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let swapped = lines.map { $0.contains("synthetic:") ? "  file: bars.csv" : String($0) }.joined(separator: "\n")
        #expect(swapped != original)
        let folder = try BacklabBinary.folder(["run.yaml": swapped])
        let export = try BacklabBinary.run(["export-data", Self.study, "-o", folder.appendingPathComponent("bars.csv").path])
        #expect(export.status == 0)
        let fromCSV = try BacklabBinary.run(["run", "run.yaml", "--json"], in: folder)
        let fromSource = try BacklabBinary.run(["run", Self.study, "--json"])
        #expect(fromCSV.status == 0)
        // Everything but the config hash (the data fingerprint differs) is identical.
        let same = fromCSV.stdout.dropFirst(80) == fromSource.stdout.dropFirst(80)
        #expect(same && fromCSV.stdout.count > 1000)
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
