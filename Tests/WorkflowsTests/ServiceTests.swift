import Engine
import Foundation
import Study
import Testing

@testable import Workflows

/// The OptimizationService and VariantTestService on hand-made outcomes.
@Suite struct ServiceTests {
    static func study(_ files: [String: String]) throws -> StudyDefinition {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return try StudyLoader.loadStudy(id: "s", folder: folder, displayFolder: "s")
    }

    static let run =
        "data: {synthetic: {seed: 1, bars: 100}}\nstrategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}\n"

    static func finished(_ sharpe: Double?, trades: Double) -> RunOutcome {
        var values: [MetricID: Double] = [.totalTrades: trades]
        values[.sharpeRatio] = sharpe
        return .finished(Metrics(values), warnings: [])
    }

    @Test func rankingHonoursRequireFailuresTiesAndTheHeatmapHoldsOthersAtTheBest() throws {
        // fast in {5, 10} x slow in {20, 30} x rr in {1, 2}: 8 runs, last parameter fastest.
        let s = try Self.study([
            "run.yaml": Self.run,
            "optimization.yaml": """
            objective: sharpe_ratio
            parameters:
              strategy.signal_generator.params.fast: [5, 10]
              strategy.signal_generator.params.slow: [20, 30]
              strategy.exit_planner.params.risk_reward_ratio: [1, 2]
            require: ["total_trades >= 10"]
            """,
        ])
        let outcomes: [RunOutcome] = [
            Self.finished(0.5, trades: 20),  // 1: 5 20 1
            Self.finished(0.9, trades: 20),  // 2: 5 20 2
            Self.finished(1.5, trades: 5),  // 3: 5 30 1 best sharpe, but fails require
            Self.finished(0.9, trades: 20),  // 4: 5 30 2 ties run 2: grid order decides
            .failed("boom"),  // 5: 10 20 1
            Self.finished(nil, trades: 20),  // 6: 10 20 2 no sharpe: unranked
            Self.finished(0.1, trades: 20),  // 7: 10 30 1
            Self.finished(1.2, trades: 30),  // 8: 10 30 2 best
        ]
        let analysis = try #require(OptimizationService.analyse(s, outcomes: outcomes))
        #expect(analysis.ranking == [7, 1, 3, 0, 6])
        #expect(analysis.ranks == [4, 2, nil, 3, nil, nil, 5, 1])
        #expect(analysis.meetsRequirements == [true, true, false, true, false, true, true, true])
        let heatmap = try #require(analysis.heatmap)
        #expect(heatmap.xs == [5, 10] && heatmap.ys == [20, 30])
        // rr held at the best run's 2: cells are runs 2 (5,20), 6 (10,20), 4 (5,30), 8 (10,30).
        #expect(heatmap.runs == [[1, 5], [3, 7]])
        #expect(heatmap.values == [[0.9, nil], [0.9, 1.2]])
        #expect(heatmap.best?.x == 1 && heatmap.best?.y == 1)
    }

    @Test func variantsAreComparedPerMetricAndDifferFromTheBaselineWhereTheyOverride() throws {
        let s = try Self.study([
            "run.yaml": Self.run,
            "variant.yaml": """
            baseline: B
            variants:
              - name: A
                overrides: {strategy.exit_planner.params.risk_reward_ratio: 3}
              - name: B
              - name: C
                overrides: {strategy.exit_planner: {plugin: time_exit, params: {bars: 5}}}
            metrics: [sharpe_ratio, max_drawdown]
            """,
        ])
        let outcomes: [RunOutcome] = [
            .finished(Metrics([.sharpeRatio: 1.0, .maxDrawdown: 0.2]), warnings: []),
            .finished(Metrics([.sharpeRatio: 1.0, .maxDrawdown: 0.1]), warnings: []),
            .finished(Metrics([.sharpeRatio: 0.5, .maxDrawdown: 0.3]), warnings: []),
        ]
        let comparison = try #require(VariantTestService.compare(s, outcomes: outcomes))
        #expect(comparison.best[.sharpeRatio] == [0, 1])  // a tie is shared
        #expect(comparison.best[.maxDrawdown] == [1])  // lower is better
        #expect(comparison.differences[1].isEmpty)
        #expect(comparison.differences[0] == [.init(path: "strategy.exit_planner.params.risk_reward_ratio", baseline: "2", variant: "3")])
        #expect(
            comparison.differences[2].map(\.path) == [
                "strategy.exit_planner.params.atr_multiplier", "strategy.exit_planner.params.bars", "strategy.exit_planner.params.period",
                "strategy.exit_planner.params.risk_reward_ratio", "strategy.exit_planner.plugin",
            ])
        #expect(comparison.differences[2].last == .init(path: "strategy.exit_planner.plugin", baseline: "atr_exit", variant: "time_exit"))
    }

    @Test func theSecondMetricsSetServesAsObjectiveInRequireAndInVariantLists() throws {
        let grid = try Self.study([
            "run.yaml": Self.run,
            "optimization.yaml": """
            objective: ulcer_index
            parameters: {strategy.signal_generator.params.fast: [5, 10, 15]}
            require: ["kelly_criterion > 0", "probabilistic_sharpe_ratio >= 0.9"]
            """,
        ])
        #expect(grid.optimization?.objective.metric == .ulcerIndex && grid.optimization?.objective.maximize == false)
        let outcomes: [RunOutcome] = [
            .finished(Metrics([.ulcerIndex: 0.10, .kellyCriterion: 0.2, .probabilisticSharpeRatio: 0.95]), warnings: []),
            .finished(Metrics([.ulcerIndex: 0.05, .kellyCriterion: -0.1, .probabilisticSharpeRatio: 0.99]), warnings: []),
            .finished(Metrics([.ulcerIndex: 0.08, .kellyCriterion: 0.1, .probabilisticSharpeRatio: 0.91]), warnings: []),
        ]
        let analysis = try #require(OptimizationService.analyse(grid, outcomes: outcomes))
        #expect(analysis.ranking == [2, 0])  // the lowest ulcer index has a negative Kelly
        #expect(analysis.meetsRequirements == [true, false, true])

        let variants = try Self.study([
            "run.yaml": Self.run,
            "variant.yaml": """
            variants:
              - name: A
              - name: B
                overrides: {strategy.exit_planner.params.risk_reward_ratio: 3}
            metrics: [beta, conditional_value_at_risk]
            """,
        ])
        let comparison = try #require(
            VariantTestService.compare(
                variants,
                outcomes: [
                    .finished(Metrics([.beta: 0.2, .conditionalValueAtRisk: -0.03]), warnings: []),
                    .finished(Metrics([.beta: 0.6, .conditionalValueAtRisk: -0.02]), warnings: []),
                ]))
        #expect(comparison.best[.beta] == [0] && comparison.best[.conditionalValueAtRisk] == [1])
    }

    @Test func storedResultsRoundTripEveryTradeAndDownsampleTheEquity() throws {
        let config = try RunConfigDecoder.decode(
            ConfigNode.parse(
                "data: {synthetic: {seed: 2, bars: 3000}}\nstrategy: {signal_generator: {plugin: sma_cross, params: {fast: 3, slow: 9}}, exit_planner: {plugin: atr_exit}}\n",
                file: "r"),
            file: "r", folder: URL(fileURLWithPath: "/"))
        let result = try StrategyOrchestrator.run(config)
        let stored = StoredResult(result)
        let decoded = try #require(StoredResult(decoding: stored.encoded()))
        #expect(decoded == stored)
        #expect(decoded.trades == result.trades)  // pnl and return recomputed bit for bit
        #expect(decoded.equity.count == StoredResult.equityPoints)
        #expect(decoded.equity.first == result.equity.first && decoded.equity.last == result.equity.last)
        #expect(decoded.equityTime.last == result.time.last)
        // About 40 bytes a trade and 20 an equity point (16 for its time and equity, 4 for its close).
        #expect(stored.encoded().count < 400 + 45 * result.trades.count + 21 * StoredResult.equityPoints)
        #expect(StoredResult(decoding: stored.encoded().prefix(100)) == nil)
    }
}
