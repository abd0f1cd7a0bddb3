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
}
