import Engine
import Foundation
import Study
import Testing
import Workflows

@Suite struct StrategyOrchestratorTests {
    static func config(_ yaml: String, folder: URL = URL(fileURLWithPath: "/tmp")) throws -> AppConfig {
        let source = try YAMLSource(text: yaml, displayPath: "run.yaml", folder: folder)
        return try RunConfigDecoder.decode(source.root, file: "run.yaml", folder: folder)
    }

    @Test func zeroAffordableUnitsIsAWarningNotAFailure() throws {
        let config = try Self.config(
            """
            data: {synthetic: {seed: 3, bars: 300, start_price: 500}}
            platform: {initial_capital: 100, fractional_units: false}
            strategy: {signal_generator: {plugin: sma_cross, params: {fast: 5, slow: 20}}}
            """)
        let result = try StrategyOrchestrator.run(config)
        #expect(result.trades.isEmpty)
        let warning = try #require(result.warnings.first)
        #expect(warning.contains("skipped because not even one whole unit was affordable (first at "))
        #expect(result.metrics[.finalEquity] == 100)
    }

    @Test func pairAndTimeframeNameTheFileAndStartEndSliceIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-orchestrator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        let bars = SyntheticSource(seed: 1, bars: 60, timeframe: Timeframe("1d")!, start: 1_577_836_800_000, calendar: .continuous)
            .generate()
        try Data(bars.csvText().utf8).write(to: folder.appendingPathComponent("data/BTC_EUR_1d.csv"))
        let config = try Self.config(
            """
            data: {pair: BTC/EUR, timeframe: 1d, source_dir: data, start: 2020-01-10, end: 2020-02-09}
            strategy: {signal_generator: {plugin: sma_cross, params: {fast: 3, slow: 5}}}
            """, folder: folder)
        let result = try StrategyOrchestrator.run(config)
        #expect(result.time.count == 31)
        #expect(
            UTCDate.iso8601(result.time.first!) == "2020-01-10T00:00:00Z" && UTCDate.iso8601(result.time.last!) == "2020-02-09T00:00:00Z")
        // 24/7 daily bars: annualised with 365.
        #expect(result.periodsPerYear == 365)
    }

    @Test func everySignalGeneratorAndExitPlannerRunsOnTheExampleData() throws {
        // Across the registry: each pair trades, and its figures add up. Every position is closed by
        // the last bar, so the final equity is the capital plus every trade's pnl (fees included).
        for generator in PluginRegistry.plugins(in: .signalGenerator) {
            for exit in PluginRegistry.plugins(in: .exitPlanner) {
                var config = try Self.config(
                    "data: {synthetic: {seed: 5, bars: 1500, volatility: 0.3}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n")
                config.strategy.signalGenerator = PluginChoice(name: generator.name, params: generator.defaults)
                config.strategy.exitPlanner = PluginChoice(name: exit.name, params: exit.defaults)
                let result = try StrategyOrchestrator.run(config)
                let pair = "\(generator.name) + \(exit.name)"
                #expect(result.trades.count > 0, "\(pair)")
                let final = try #require(result.equity.last)
                let pnl = result.trades.map(\.pnl).reduce(0, +)
                #expect(abs(final - (config.platform.initialCapital + pnl)) <= 1e-9 * config.platform.initialCapital, "\(pair)")
                #expect(result.metrics[.finalEquity] == final && result.metrics[.totalTrades] == Double(result.trades.count), "\(pair)")
                #expect(result.equity.allSatisfy { $0.isFinite && $0 > 0 }, "\(pair)")
            }
        }
    }

    /// `data.trade_start`: the bars before it only warm the indicators. Where the full run is flat
    /// with no order pending, a run that starts trading there makes the same trades from there on
    /// (same bars, same prices; sizes follow its own equity), which it could not with cold
    /// indicators; its equity starts at the capital on the trade_start bar.
    @Test func tradeStartTradesAsTheFullRunWouldFromAFlatBar() throws {
        let yaml = """
            data: {synthetic: {seed: 11, bars: 900, volatility: 0.3}}
            platform: {fees_pct: 0.001}
            strategy: {signal_generator: {plugin: sma_cross, params: {fast: 5, slow: 40}}}
            """
        let full = try StrategyOrchestrator.run(try Self.config(yaml))
        // The first bar k >= 400 where no trade is open over k-1..k and none enters at k.
        let k = try #require(
            (400..<800).first { k in !full.trades.contains { $0.entryBar <= k && $0.exitBar >= k - 1 } })
        var config = try Self.config(yaml)
        config.data.tradeStart = full.time[k]
        let ranged = try StrategyOrchestrator.run(config)
        #expect(ranged.time.first == full.time[k] && ranged.time.count == full.time.count - k)
        #expect(ranged.equity.count == ranged.time.count && ranged.equity.first == 10_000)
        let later = full.trades.filter { $0.entryBar > k }
        #expect(later.count >= 3)
        #expect(ranged.trades.map(\.entryTime) == later.map(\.entryTime))
        #expect(ranged.trades.map(\.exitTime) == later.map(\.exitTime))
        #expect(ranged.trades.map(\.entryPrice) == later.map(\.entryPrice))
        #expect(ranged.trades.map(\.entryBar) == later.map { $0.entryBar - k })
        // Its first entry comes sooner after trade_start than a 40-bar average could warm up from it.
        #expect(try #require(ranged.trades.first).entryBar < 40)
        #expect(ranged.metrics[.finalEquity] == ranged.equity.last)
    }
}
