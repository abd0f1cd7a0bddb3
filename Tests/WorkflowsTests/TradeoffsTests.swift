import Engine
import Study
import Testing

@testable import Workflows

/// The Pareto front of return against drawdown and the objective's spread per parameter value,
/// on hand-made sets.
@Suite struct TradeoffsTests {
    @Test func theFrontHoldsTheRunsNoneBeatsOnBothCounts() {
        let points: [(drawdown: Double, total: Double)] = [
            (0.10, 0.05),  // 0: front (lowest drawdown)
            (0.20, 0.30),  // 1: front
            (0.15, 0.02),  // 2: beaten by 0 (more drawdown, less return)
            (0.30, 0.30),  // 3: beaten by 1 (same return, more drawdown)
            (0.40, 0.50),  // 4: front
            (0.20, 0.30),  // 5: the same as 1: with it
            (0.10, 0.01),  // 6: beaten by 0 (same drawdown, less return)
            (.nan, 0.90),  // 7: left out
        ]
        #expect(ParetoFront.indices(points) == [0, 1, 5, 4])
        #expect(ParetoFront.indices([]) == [])
        #expect(ParetoFront.indices([(0.5, -0.2)]) == [0])
    }

    @Test func spreadsAreTheMinQuartilesAndMax() throws {
        // numpy.percentile([1, 2, 4, 7, 10], [25, 50, 75]) = 2, 4, 7; for [3, 1, 2, 4]: 1.75, 2.5, 3.25.
        let five = try #require(Spread([10, 1, 7, 2, 4]))
        #expect([five.min, five.lowerQuartile, five.median, five.upperQuartile, five.max] == [1, 2, 4, 7, 10] && five.count == 5)
        let four = try #require(Spread([3, 1, .infinity, 2, 4]))
        #expect([four.min, four.lowerQuartile, four.median, four.upperQuartile, four.max] == [1, 1.75, 2.5, 3.25, 4] && four.count == 4)
        let one = try #require(Spread([0.5]))
        #expect(one.lowerQuartile == 0.5 && one.upperQuartile == 0.5)
        #expect(Spread([]) == nil && Spread([.nan]) == nil)
    }

    @Test func eachParameterValueSpreadsOverTheRunsWithIt() throws {
        let s = try ServiceTests.study([
            "run.yaml": ServiceTests.run,
            "optimization.yaml": """
            objective: sharpe_ratio
            parameters:
              strategy.signal_generator.params.fast: [10, 5]
              strategy.signal_generator.params.slow: [20, 30, 40]
              strategy.exit_planner.params.atr_multiplier: [2]
            """,
        ])
        // Runs in grid order: fast 10 (slow 20, 30, 40), then fast 5; run 4 failed.
        let outcomes: [RunOutcome] = [0.1, 0.5, 0.3, 0.9, nil, 0.7].map {
            $0.map { ServiceTests.finished($0, trades: 20) } ?? .failed("boom")
        }
        let spreads = ParameterSpread.all(s, spec: s.optimization!, outcomes: outcomes, best: 3)
        #expect(spreads.map(\.parameter) == [0, 1], "atr_multiplier has one value")
        #expect(spreads[0].values.map(\.description) == ["5", "10"])
        #expect(spreads[0].spreads.map { $0.map { [$0.min, $0.median, $0.max] } } == [[0.7, 0.8, 0.9], [0.1, 0.3, 0.5]])
        #expect(spreads[0].best == 0 && spreads[1].best == 0)
        #expect(spreads[1].spreads.map { $0?.count } == [2, 1, 2])
    }
}
