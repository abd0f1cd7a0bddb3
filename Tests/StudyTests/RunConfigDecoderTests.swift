import Engine
import Foundation
import Testing
import Yams
@testable import Study

@Suite struct RunConfigDecoderTests {
    static let folder = URL(fileURLWithPath: "/studies/x")

    func decode(_ yaml: String, overrides: [String] = []) throws -> AppConfig {
        var root = try YAMLSource(text: yaml, displayPath: "studies/x/run.yaml", folder: Self.folder).root
        for text in overrides { root = try ConfigOverride(assignment: text).apply(to: root ?? Node.mapping(.init([]))) }
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
        #expect(config.platform == ExecutionSettings(initialCapital: 10_000, feeRate: 0.001, slippage: 0, fill: .nextOpen, wholeUnits: false))
        #expect(config.strategy.signalGenerator.params == PluginParams(["fast": .integer(10), "slow": .integer(30)]))
        #expect(config.strategy.exitPlanner.name == "signal_exit" && config.strategy.sizePlanner.name == "fixed_fraction")
        #expect(config.strategy.sizePlanner.params.double("fraction") == 1)
        #expect(config.metrics == MetricsConfig(periodsPerYear: nil, riskFreeRate: 0))
    }

    @Test func everySectionIsRead() throws {
        let config = try decode("""
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
              exit_planner: {plugin: atr_exit, params: {period: 10, atr_multiplier: 1.5, rr_ratio: 3, ignore_signal_exit: true}}
              size_planner: {plugin: fixed_risk, params: {risk_pct: 0.02}}
              portfolio_overlay: {plugin: max_drawdown_overlay, params: {max_drawdown: 0.3}}
            metrics: {periods_per_year: 365, risk_free_rate: 0.02}
            """)
        #expect(config.name == "Full")
        #expect(config.data.source == .file(path: "/studies/data/BTC_EUR_1h.csv", displayPath: "studies/data/BTC_EUR_1h.csv"))
        #expect(config.data.start == UTCDate.days(year: 2016, month: 1, day: 1) * UTCDate.millisPerDay)
        #expect(config.data.end == UTCDate.days(year: 2017, month: 1, day: 1) * UTCDate.millisPerDay - 1)
        #expect(config.platform == ExecutionSettings(initialCapital: 5000, feeRate: 0.002, slippage: 0.0005, fill: .close, wholeUnits: true))
        #expect(config.strategy.regimeFilters.map(\.name) == ["trend_filter"])
        #expect(config.strategy.portfolioOverlays.first?.params.double("max_drawdown") == 0.3)
        #expect(config.strategy.exitPlanner.params.bool("ignore_signal_exit"))
        #expect(config.metrics == MetricsConfig(periodsPerYear: 365, riskFreeRate: 0.02))
    }

    @Test func unknownKeysAndPluginsSuggestTheNearestName() {
        #expect(errors("""
            data: {file: x.csv}
            strategy:
              signal_generator: {plugin: sma_cross, params: {fsat: 5}}
              exit_planner: {plugin: atr_exti}
            platfrom: {fill: close}
            """) == """
            studies/x/run.yaml:3:50: error: unknown key 'fsat' in strategy.signal_generator.params (did you mean 'fast'?)
              hint: allowed keys: fast, slow
            studies/x/run.yaml:4:26: error: unknown exit_planner plugin 'atr_exti' (did you mean 'atr_exit'?)
              hint: available: signal_exit, fixed_percentage_exit, atr_exit, trailing_stop_exit, time_exit
            studies/x/run.yaml:5:1: error: unknown key 'platfrom' at the top level (did you mean 'platform'?)
              hint: allowed keys: name, description, data, platform, strategy, metrics
            """)
    }

    @Test func valuesOutOfRangeOfTheWrongTypeOrBreakingARule() {
        #expect(errors("""
            data: {file: x.csv}
            platform:
              fees_pct: -0.1
              fractional_units: maybe
              fill: tomorrow
            strategy:
              signal_generator: {plugin: sma_cross, params: {fast: 50, slow: 20}}
              exit_planner: {plugin: fixed_percentage_exit, params: {stop_pct: 2, target_pct: "0.1"}}
            """) == """
            studies/x/run.yaml:3:13: error: platform.fees_pct is -0.1, but must be at least 0 and at most 0.5
              hint: a fraction: 0.001 is 0.1% per side
            studies/x/run.yaml:4:21: error: platform.fractional_units must be true or false, not 'maybe'
            studies/x/run.yaml:5:9: error: platform.fill is 'tomorrow', but must be one of next_open, close
            studies/x/run.yaml:7:56: error: sma_cross needs fast < slow, but fast is 50 and slow is 20
              hint: change one of the values so that fast < slow
            studies/x/run.yaml:8:68: error: strategy.exit_planner.params.stop_pct is 2, outside the allowed range (0, 1]
              hint: fixed_percentage_exit.stop_pct: Stop distance as a fraction of the fill price. Allowed: (0, 1].
            studies/x/run.yaml:8:83: error: strategy.exit_planner.params.target_pct must be a number, not '0.1'
            """)
    }

    @Test func setOverridesApplyBeforeValidation() throws {
        let config = try decode(Self.minimal, overrides: [
            "strategy.signal_generator.params.fast=5", "platform.fill=close",
            "strategy.exit_planner={plugin: time_exit, params: {bars: 3}}",
        ])
        #expect(config.strategy.signalGenerator.params.int("fast") == 5 && config.platform.fill == .close)
        #expect(config.strategy.exitPlanner.name == "time_exit" && config.strategy.exitPlanner.params.int("bars") == 3)
        #expect(errors(Self.minimal, overrides: ["strategy.signal_generator.params.fsat=5"]) == """
            --set: error: unknown key 'fsat' in strategy.signal_generator.params (did you mean 'fast'?)
              hint: allowed keys: fast, slow
            """)
    }
}
