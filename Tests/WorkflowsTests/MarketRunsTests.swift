import Engine
import Foundation
import Study
import Testing

@testable import Workflows

/// Aggregates over markets and the grid's ranking on them, on a 2 x 3 case worked out by hand.
@Suite struct MarketRunsTests {
    struct NoStore: ResultStore {
        func storedResult(_ hash: String) -> StoredResult? { nil }
    }

    static func study(aggregate: String, require: String) throws -> StudyDefinition {
        try ServiceTests.study([
            "run.yaml": """
            data: [{synthetic: {seed: 1, bars: 100}}, {synthetic: {seed: 2, bars: 100}}, {synthetic: {seed: 3, bars: 100}}]
            strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}
            """,
            "optimization.yaml": """
            objective: sharpe_ratio
            aggregate: \(aggregate)
            parameters:
              strategy.signal_generator.params.fast: [5, 10]
            require: \(require)
            """,
        ])
    }

    /// Configuration 0: Sharpe 0.5, 1.0, -0.2 on the three markets; configuration 1: 0.3, 0.4, 0.35.
    static let runs: [StudyResults.Run] = zip(
        [(0.5, 20.0, 0.1), (1.0, 5, 0.3), (-0.2, 30, 0.2), (0.3, 12, 0.25), (0.4, 12, 0.15), (0.35, 12, 0.2)], 0...
    ).map { values, index in
        StudyResults.Run(
            hash: "h\(index)",
            outcome: .finished(Metrics([.sharpeRatio: values.0, .totalTrades: values.1, .maxDrawdown: values.2]), warnings: []))
    }

    static func results(aggregate: String, require: String = "[\"total_trades >= 10\"]") throws -> StudyResults {
        StudyResults(study: try study(aggregate: aggregate, require: require), runs: runs, store: NoStore())
    }

    @Test func theAggregatesAreTheMarketsMedianMeanOrWorst() throws {
        let median = try #require(try Self.results(aggregate: "median").markets)
        #expect(median.markets.map(\.name) == ["synthetic-1", "synthetic-2", "synthetic-3"])
        #expect(median.aggregates.map { $0.metrics?[.sharpeRatio] } == [0.5, 0.35])
        #expect(median.aggregates.map { $0.metrics?[.totalTrades] } == [20, 12])
        #expect(median.aggregates.map { $0.metrics?[.maxDrawdown] } == [0.2, 0.2])
        let mean = try #require(try Self.results(aggregate: "mean").markets)
        #expect(abs(try #require(mean.aggregates[0].metrics?[.sharpeRatio]) - 1.3 / 3) < 1e-15)
        #expect(abs(try #require(mean.aggregates[1].metrics?[.sharpeRatio]) - 0.35) < 1e-15)
        // min is the worst market: the lowest Sharpe ratio, the deepest drawdown.
        let worst = try #require(try Self.results(aggregate: "min").markets)
        #expect(worst.aggregates.map { $0.metrics?[.sharpeRatio] } == [-0.2, 0.3])
        #expect(worst.aggregates.map { $0.metrics?[.maxDrawdown] } == [0.3, 0.25])
    }

    @Test func theGridRanksTheAggregateAndAllMarketsRequiresHoldOnEach() throws {
        #expect(try Self.results(aggregate: "median").optimization?.ranking == [0, 1])
        #expect(try Self.results(aggregate: "mean").optimization?.ranking == [0, 1])
        // With min, require sees the worst market too: configuration 0's fewest trades (5) fail it.
        #expect(try Self.results(aggregate: "min").optimization?.ranking == [1])
        #expect(try Self.results(aggregate: "min", require: "[]").optimization?.ranking == [1, 0])
        // The aggregate of trades (median 20 and 12) meets >= 10; configuration 0 loses on one market.
        let strict = try Self.results(aggregate: "median", require: "[\"total_trades >= 10\", {all_markets: \"sharpe_ratio > 0\"}]")
        #expect(strict.optimization?.ranking == [1])
        #expect(strict.optimization?.meetsRequirements == [false, true])
        // On the aggregate instead (median Sharpe 0.5 and 0.35): both meet it.
        let loose = try Self.results(aggregate: "median", require: "[\"total_trades >= 10\", \"sharpe_ratio > 0\"]")
        #expect(loose.optimization?.ranking == [0, 1])
    }

    @Test func aFailedMarketFailsItsConfigurationAndAMissingValueIsNoAggregate() throws {
        var runs = Self.runs
        runs[4] = StudyResults.Run(hash: "h4", outcome: .failed("boom"))
        runs[0] = StudyResults.Run(hash: "h0", outcome: .finished(Metrics([.totalTrades: 20]), warnings: ["w"]))
        let results = StudyResults(study: try Self.study(aggregate: "median", require: "[]"), runs: runs, store: NoStore())
        let markets = try #require(results.markets)
        #expect(markets.aggregates[1] == .failed("synthetic-2: boom"))
        #expect(markets.aggregates[0].metrics?[.sharpeRatio] == nil && markets.aggregates[0].metrics?[.totalTrades] == 20)
        #expect(markets.aggregates[0].warnings == ["synthetic-1: w"])
        #expect(results.optimization?.ranking == [])
    }
    /// Two variants on the three markets by Sharpe ratio and max drawdown: the baseline
    /// (Sharpe 0.5, 1.0, -0.2; drawdown 0.1, 0.3, 0.2) and "tight" (0.3, 0.4, 0.35; 0.25, 0.15,
    /// 0.2). Ranks: baseline 1, 1 | 1, 2 | 2, 1.5 (mean 8.5 / 6); tight 2, 2 | 2, 1 | 1, 1.5
    /// (9.5 / 6), so the baseline is the all-rounder; it wins market 1, ties market 2 (1.5 each)
    /// and loses market 3 (1.75 to 1.25).
    @Test func theVariantsAreRankedOnEveryMarketAndTheAllRounderIsTheLowestMeanRank() throws {
        let study = try ServiceTests.study([
            "run.yaml": """
            data: [{synthetic: {seed: 1, bars: 100}}, {synthetic: {seed: 2, bars: 100}}, {synthetic: {seed: 3, bars: 100}}]
            strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}
            """,
            "variant.yaml": """
            variants:
              - name: baseline
              - name: tight
                overrides: {strategy.exit_planner.params.risk_reward_ratio: 1.0}
            metrics: [sharpe_ratio, max_drawdown]
            """,
        ])
        let results = StudyResults(study: study, runs: Self.runs, store: NoStore())
        let comparison = try #require(results.variants)
        let rounder = try #require(comparison.allRounder)
        #expect(rounder.ranks == [[[1, 1], [1, 2], [2, 1.5]], [[2, 2], [2, 1], [1, 1.5]]])
        #expect(rounder.meanRanks == [8.5 / 6, 9.5 / 6])
        #expect(rounder.marketRanks == [[1, 1.5, 1.75], [2, 1.5, 1.25]])
        #expect(rounder.order == [0, 1])
        // Each market's comparison names its best variant per metric; the tie shares it.
        #expect(comparison.perMarket.map { $0.best[.sharpeRatio] ?? [] } == [[0], [0], [1]])
        #expect(comparison.perMarket.map { $0.best[.maxDrawdown] ?? [] } == [[0], [1], [0, 1]])
        // The aggregate comparison (median Sharpe 0.5 and 0.35) also prefers the baseline.
        #expect(comparison.best[.sharpeRatio] == [0])
    }
}
