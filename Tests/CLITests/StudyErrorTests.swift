import Foundation
import Testing

/// Every kind of study error, through `backlab build`: the whole message with file, line and
/// column, exit code 1, and nothing run for the broken study.
@Suite struct StudyErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let optimization: String?
        let variants: String?
        let stderr: String
        var testDescription: String { name }
    }

    static let run = """
        data: {synthetic: {seed: 1, bars: 300}}
        strategy:
          signal_generator: {plugin: sma_cross}
          exit_planner: {plugin: atr_exit}
        """

    static func grid(_ name: String, _ yaml: String, _ stderr: String) -> Case {
        Case(name: name, optimization: yaml, variants: nil, stderr: stderr)
    }
    static func variants(_ name: String, _ yaml: String, _ stderr: String) -> Case {
        Case(name: name, optimization: nil, variants: yaml, stderr: stderr)
    }

    static let cases: [Case] = [
        grid(
            "unknown path",
            """
            parameters:
              strategy.signal_generator.params.fsat: {start: 5, end: 10, step: 5}
            """,
            """
            studies/s/optimization.yaml:2:3: error: unknown parameter 'strategy.signal_generator.params.fsat' (did you mean 'strategy.signal_generator.params.fast'?)
              hint: a grid varies plugin parameters of the plugins run.yaml uses, platform or metrics settings, and data keys

            """),
        grid(
            "step 0",
            """
            parameters:
              strategy.signal_generator.params.fast: {start: 5, end: 10, step: 0}
            """,
            """
            studies/s/optimization.yaml:2:68: error: strategy.signal_generator.params.fast.step is 0, but must be greater than 0
              hint: a range counts up from start to end by step

            """),
        grid(
            "end below start",
            """
            parameters:
              strategy.exit_planner.params.risk_reward_ratio: {start: 3, end: 1.5, step: 0.5}
            """,
            """
            studies/s/optimization.yaml:2:67: error: strategy.exit_planner.params.risk_reward_ratio.end (1.5) is below start (3)
              hint: swap them, or use values: for a list

            """),
        grid(
            "value outside the plugin's range",
            """
            parameters:
              strategy.exit_planner.params.risk_reward_ratio: {values: [1, -2]}
            """,
            """
            studies/s/optimization.yaml:2:64: error: strategy.exit_planner.params.risk_reward_ratio is -2, outside the allowed range \
            (0, 100]
              hint: atr_exit.risk_reward_ratio: Target distance as a multiple of the stop distance. Allowed: (0, 100].

            """),
        grid(
            "a renamed parameter's former path",
            """
            parameters:
              strategy.exit_planner.params.rr_ratio: {values: [1.5, 2, 3]}
            """,
            """
            studies/s/optimization.yaml:2:3: error: unknown parameter 'strategy.exit_planner.params.rr_ratio' \
            (did you mean 'strategy.exit_planner.params.risk_reward_ratio'? it was renamed)
              hint: a grid varies plugin parameters of the plugins run.yaml uses, platform or metrics settings, and data keys

            """),
        grid(
            "constraint syntax",
            """
            parameters:
              strategy.signal_generator.params.fast: {values: [5, 10]}
              strategy.signal_generator.params.slow: {values: [20, 30]}
            where: ["fast <> slow"]
            """,
            """
            studies/s/optimization.yaml:4:16: error: expected a number or a name, found '>'

            """),
        grid(
            "unknown name in a constraint",
            """
            parameters:
              strategy.signal_generator.params.fast: {values: [5, 10]}
              strategy.signal_generator.params.slow: {values: [20, 30]}
            where: [fast < slwo]
            require: ["sharpe > 1"]
            """,
            """
            studies/s/optimization.yaml:4:16: error: unknown name 'slwo' in where (did you mean 'slow'?)
              hint: names here: fast, slow
            studies/s/optimization.yaml:5:12: error: unknown name 'sharpe' in require (did you mean 'sharpe_ratio'?)
              hint: names here: total_return, cagr, volatility, sharpe_ratio, sortino_ratio, calmar_ratio, max_drawdown, max_drawdown_duration, profit_factor, win_rate, total_trades, expectancy, avg_trade_return, best_trade, worst_trade, avg_trade_duration, exposure, sqn, final_equity, buy_and_hold_return, equity_peak, avg_drawdown, avg_drawdown_duration, max_trade_duration, kelly_criterion, alpha, beta, omega_ratio, tail_ratio, value_at_risk, conditional_value_at_risk, ulcer_index, probabilistic_sharpe_ratio, fast, slow

            """),
        grid(
            "grid over max_runs",
            """
            parameters:
              strategy.signal_generator.params.fast: {start: 1, end: 10, step: 1}
              strategy.signal_generator.params.slow: {start: 20, end: 29, step: 1}
            max_runs: 50
            """,
            """
            studies/s/optimization.yaml:2:3: error: the grid has 100 runs, more than max_runs (50)
              hint: narrow the ranges, use larger steps, add where constraints, or raise max_runs

            """),
        grid(
            "constraints leaving nothing",
            """
            parameters:
              strategy.signal_generator.params.fast: {values: [5, 10]}
              strategy.signal_generator.params.slow: {values: [20, 30]}
            where: ["fast > slow"]
            """,
            """
            studies/s/optimization.yaml:2:3: error: the where constraints leave no runs of the 4 combinations
              hint: check the constraints against the ranges: fast > slow

            """),
        grid(
            "points breaking a plugin rule",
            """
            parameters:
              strategy.signal_generator.params.fast: {values: [5, 25]}
              strategy.signal_generator.params.slow: {values: [20, 30]}
            """,
            """
            studies/s/optimization.yaml:2:3: error: 1 of the grid's 4 runs break sma_cross's rule fast < slow (the first: fast=25, slow=20)
              hint: add where: ["fast < slow"] to leave them out

            """),
        grid(
            "unknown objective",
            """
            objective: {metric: sharp_ratio, goal: maximise}
            parameters:
              strategy.signal_generator.params.fast: {values: [5, 10]}
            """,
            """
            studies/s/optimization.yaml:1:21: error: unknown objective metric 'sharp_ratio' (did you mean 'sharpe_ratio'?)
              hint: metrics: total_return, cagr, volatility, sharpe_ratio, sortino_ratio, calmar_ratio, max_drawdown, max_drawdown_duration, profit_factor, win_rate, total_trades, expectancy, avg_trade_return, best_trade, worst_trade, avg_trade_duration, exposure, sqn, final_equity, buy_and_hold_return, equity_peak, avg_drawdown, avg_drawdown_duration, max_trade_duration, kelly_criterion, alpha, beta, omega_ratio, tail_ratio, value_at_risk, conditional_value_at_risk, ulcer_index, probabilistic_sharpe_ratio
            studies/s/optimization.yaml:1:40: error: objective.goal is 'maximise', but must be one of maximize, minimize (did you mean 'maximize'?)

            """),
        variants(
            "duplicate variant names",
            """
            variants:
              - name: A
              - name: B
                overrides: {strategy.exit_planner.params.risk_reward_ratio: 3}
              - name: A
            """,
            """
            studies/s/variant.yaml:5:11: error: duplicate variant name 'A' (first used at line 2)
              hint: give every variant its own name

            """),
        variants(
            "missing baseline",
            """
            baseline: Basline
            variants:
              - name: Baseline
              - name: Other
                overrides: {platform.fees_pct: 0.002}
            """,
            """
            studies/s/variant.yaml:1:11: error: baseline 'Basline' is not one of the variants (did you mean 'Baseline'?)
              hint: variants: Baseline, Other

            """),
        variants(
            "unknown plugin and parameter in an override",
            """
            variants:
              - name: Base
              - name: Fixed
                overrides:
                  strategy.exit_planner: {plugin: fixed_pct_exit, params: {stop_pct: 0.02}}
              - name: Wide
                overrides: {strategy.exit_planner.params.risk_reward_ration: 3}
            """,
            """
            studies/s/variant.yaml:5:39: error: unknown exit_planner plugin 'fixed_pct_exit' (did you mean 'fixed_percentage_exit'?)
              hint: available: signal_exit, fixed_percentage_exit, atr_exit, trailing_stop_exit, time_exit
            studies/s/variant.yaml:7:17: error: unknown key 'risk_reward_ration' in strategy.exit_planner.params \
            (did you mean 'risk_reward_ratio'?)
              hint: allowed keys: period, atr_multiplier, risk_reward_ratio, ignore_signal_exit

            """),
        variants(
            "a renamed parameter's former name in an override",
            """
            variants:
              - name: Base
              - name: Wide
                overrides: {strategy.exit_planner.params.rr_ratio: 3}
              - name: Nested
                overrides: {strategy: {exit_planner: {params: {rr_ratio: 4}}}}
            """,
            """
            studies/s/variant.yaml:4:17: error: unknown key 'rr_ratio' in strategy.exit_planner.params \
            (did you mean 'risk_reward_ratio'? it was renamed)
              hint: allowed keys: period, atr_multiplier, risk_reward_ratio, ignore_signal_exit
            studies/s/variant.yaml:6:52: error: unknown key 'rr_ratio' in strategy.exit_planner.params \
            (did you mean 'risk_reward_ratio'? it was renamed)
              hint: allowed keys: period, atr_multiplier, risk_reward_ratio, ignore_signal_exit

            """),
    ]

    @Test(arguments: cases)
    func studyErrorsAreReportedInFull(_ c: Case) throws {
        var files = ["studies/s/run.yaml": Self.run, "studies/ok/run.yaml": Self.run]
        if let optimization = c.optimization { files["studies/s/optimization.yaml"] = optimization }
        if let variants = c.variants { files["studies/s/variant.yaml"] = variants }
        let project = try BuildFixture(files: files)
        let result = try project.build(["--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr == c.stderr)
        // The healthy sibling still built; the broken study ran nothing.
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/ok/results.csv").path))
        #expect(project.cacheEntries().count == 1)
    }
}
