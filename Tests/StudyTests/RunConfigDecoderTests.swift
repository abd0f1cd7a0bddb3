import Engine
import Foundation
import Testing

@testable import Study

@Suite struct RunConfigDecoderTests {
    static let folder = URL(fileURLWithPath: "/studies/x")

    func decode(_ yaml: String, overrides: [String] = []) throws -> AppConfig {
        var root = try YAMLSource(text: yaml, displayPath: "studies/x/run.yaml", folder: Self.folder).root
        for text in overrides {
            root = try ConfigOverride(assignment: text).apply(to: root ?? .emptyMapping(at: SourceLocation(file: "x")))
        }
        return try RunConfigDecoder.decode(root, file: "studies/x/run.yaml", folder: Self.folder)
    }

    /// The whole printed error text, or "no error".
    func errors(_ yaml: String, overrides: [String] = []) -> String {
        do {
            _ = try decode(yaml, overrides: overrides)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    static let minimal = """
        data: {file: ../data/SYN_1d.csv}
        strategy:
          signal_generator: {plugin: sma_cross}
        """

    @Test func aMinimalConfigGetsEveryDefault() throws {
        let config = try decode(Self.minimal)
        #expect(config.data.source == .file(path: "/studies/data/SYN_1d.csv", displayPath: "studies/data/SYN_1d.csv"))
        #expect(
            config.platform == ExecutionSettings(initialCapital: 10_000, feeRate: 0.001, slippage: 0, fill: .nextOpen, wholeUnits: false))
        #expect(config.strategy.signalGenerator.params == PluginParams(["fast": .integer(10), "slow": .integer(30)]))
        #expect(config.strategy.exitPlanner.name == "signal_exit" && config.strategy.sizePlanner.name == "fixed_fraction")
        #expect(config.strategy.sizePlanner.params.double("fraction") == 1)
        #expect(config.metrics == MetricsConfig(periodsPerYear: nil, riskFreeRate: 0))
    }

    @Test func everySectionIsRead() throws {
        let config = try decode(
            """
            name: Full
            description: every key
            data:
              pair: BTC/EUR
              timeframe: 1h
              source_dir: ../data
              start: 2016-01-01
              end: 2016-12-31
            platform: {initial_capital: 5000, fees_pct: 0.002, slippage_pct: 0.0005, fill: close, fractional_units: false}
            strategy:
              regime_filter: [{plugin: trend_filter, params: {period: 100}}]
              signal_generator: {plugin: ema_cross, params: {fast: 5, slow: 20}}
              exit_planner: {plugin: atr_exit, params: {period: 10, atr_multiplier: 1.5, risk_reward_ratio: 3, ignore_signal_exit: true}}
              size_planner: {plugin: fixed_risk, params: {risk_pct: 0.02}}
              portfolio_overlay: {plugin: max_drawdown_overlay, params: {max_drawdown: 0.3}}
            metrics: {periods_per_year: 365, risk_free_rate: 0.02}
            """)
        #expect(config.name == "Full")
        #expect(config.data.source == .file(path: "/studies/data/BTC_EUR_1h.csv", displayPath: "studies/data/BTC_EUR_1h.csv"))
        #expect(config.data.start == UTCDate.days(year: 2016, month: 1, day: 1) * UTCDate.millisPerDay)
        #expect(config.data.end == UTCDate.days(year: 2017, month: 1, day: 1) * UTCDate.millisPerDay - 1)
        #expect(
            config.platform == ExecutionSettings(initialCapital: 5000, feeRate: 0.002, slippage: 0.0005, fill: .close, wholeUnits: true))
        #expect(config.strategy.regimeFilters.map(\.name) == ["trend_filter"])
        #expect(config.strategy.portfolioOverlays.first?.params.double("max_drawdown") == 0.3)
        #expect(config.strategy.exitPlanner.params.bool("ignore_signal_exit"))
        #expect(config.metrics == MetricsConfig(periodsPerYear: 365, riskFreeRate: 0.02))
    }

    @Test func setOverridesApplyBeforeValidation() throws {
        let config = try decode(
            Self.minimal,
            overrides: [
                "strategy.signal_generator.params.fast=5", "platform.fill=close",
                "strategy.exit_planner={plugin: time_exit, params: {bars: 3}}",
            ])
        #expect(config.strategy.signalGenerator.params.int("fast") == 5 && config.platform.fill == .close)
        #expect(config.strategy.exitPlanner.name == "time_exit" && config.strategy.exitPlanner.params.int("bars") == 3)
        #expect(
            errors(Self.minimal, overrides: ["strategy.signal_generator.params.fsat=5"]) == """
                --set: error: unknown key 'fsat' in strategy.signal_generator.params (did you mean 'fast'?)
                  hint: allowed keys: fast, slow
                """)
    }
}
