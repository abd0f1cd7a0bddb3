import Engine
import Study
import Testing

@testable import Workflows

/// The small multiples of a grid's heatmap: one heatmap per value of the third parameter (or per
/// quantile of many), each holding the others at the best run's values, on one colour scale.
@Suite struct HeatmapMultiplesTests {
    @Test func manyValuesArePickedAtEvenlySpacedQuantiles() {
        #expect(HeatmapMultiples.positions(count: 1) == [0])
        #expect(HeatmapMultiples.positions(count: 9) == Array(0..<9))
        // 20 values: k · 19 / 8 for k = 0...8 is 0, 2.375, 4.75, 7.125, 9.5, 11.875, 14.25, 16.625, 19.
        #expect(HeatmapMultiples.positions(count: 20) == [0, 2, 5, 7, 10, 12, 14, 17, 19])
        // 10 values into 9: 0, 1.125, 2.25, ..., 9: every position but one, no repeats.
        #expect(HeatmapMultiples.positions(count: 10) == [0, 1, 2, 3, 5, 6, 7, 8, 9])
        #expect(HeatmapMultiples.positions(count: 5, limit: 3) == [0, 2, 4])
    }

    @Test func eachValueOfTheThirdParameterGetsAHeatmapOnOneScale() throws {
        // fast {5, 10} x slow {20, 30} x rr {1, 2, 3} x atr {2, 3}: 24 runs, the last fastest.
        let s = try ServiceTests.study([
            "run.yaml": ServiceTests.run,
            "optimization.yaml": """
            objective: sharpe_ratio
            parameters:
              strategy.signal_generator.params.fast: [5, 10]
              strategy.signal_generator.params.slow: [20, 30]
              strategy.exit_planner.params.risk_reward_ratio: [3, 1, 2]
              strategy.exit_planner.params.atr_multiplier: [2, 3]
            """,
        ])
        // Sharpe = the run's index / 10, but run 13 (fast 10, slow 20, rr 3, atr 3) is the best.
        var outcomes = (0..<24).map { ServiceTests.finished(Double($0) / 10, trades: 20) }
        outcomes[13] = ServiceTests.finished(9, trades: 20)
        let analysis = try #require(OptimizationService.analyse(s, outcomes: outcomes))
        #expect(analysis.best == 13)
        let multiples = try #require(Self.multiples(s, outcomes, analysis))
        #expect(multiples.parameter == 2)
        #expect(multiples.values.map(\.description) == ["1", "2", "3"], "ascending, not as written")
        // Index = fast·12 + slow·6 + rr·2 + atr (rr as written: 3, 1, 2); atr held at the best's 3.
        func runs(rr: Int) -> [[Int?]] { [[0 + rr * 2 + 1, 12 + rr * 2 + 1], [6 + rr * 2 + 1, 18 + rr * 2 + 1]] }
        #expect(multiples.heatmaps.map(\.runs) == [runs(rr: 1), runs(rr: 2), runs(rr: 0)])
        // Only the heatmap with the best run in it marks it.
        #expect(multiples.heatmaps.map { $0.best.map { "\($0.x),\($0.y)" } } == [nil, nil, "1,0"])
        // One scale over all three: from run 1's 0.1 to the best's 9.
        #expect(multiples.range?.low == 0.1 && multiples.range?.high == 9)
        #expect(analysis.heatmap?.runs == runs(rr: 0))
    }

    @Test func aValueWhoseHeatmapHasNoRunIsLeftOut() throws {
        // rr 1 only where fast > 5 ... and never with slow 20 or 30 at fast 5: `where` leaves rr = 0.5 empty.
        let s = try ServiceTests.study([
            "run.yaml": ServiceTests.run,
            "optimization.yaml": """
            objective: sharpe_ratio
            parameters:
              strategy.signal_generator.params.fast: [5, 10]
              strategy.signal_generator.params.slow: [20, 30]
              strategy.exit_planner.params.risk_reward_ratio: [0.5, 1, 2]
            where: ["risk_reward_ratio >= 1"]
            """,
        ])
        #expect(s.gridPoints.count == 8)
        let outcomes = (0..<8).map { ServiceTests.finished(Double($0), trades: 20) }
        let analysis = try #require(OptimizationService.analyse(s, outcomes: outcomes))
        let multiples = try #require(Self.multiples(s, outcomes, analysis))
        #expect(multiples.values.map(\.description) == ["1", "2"])
        #expect(multiples.heatmaps.allSatisfy { $0.runs.allSatisfy { $0.allSatisfy { $0 != nil } } })
    }

    @Test func aGridOfTwoParametersHasNoMultiples() throws {
        let s = try ServiceTests.study([
            "run.yaml": ServiceTests.run,
            "optimization.yaml": """
            objective: sharpe_ratio
            parameters:
              strategy.signal_generator.params.fast: [5, 10]
              strategy.signal_generator.params.slow: [20, 30]
            """,
        ])
        let outcomes = (0..<4).map { ServiceTests.finished(Double($0), trades: 20) }
        let analysis = try #require(OptimizationService.analyse(s, outcomes: outcomes))
        #expect(analysis.heatmap != nil && Self.multiples(s, outcomes, analysis) == nil)
    }

    /// The multiples of `study`'s heatmap, as the study page makes them.
    static func multiples(_ study: StudyDefinition, _ outcomes: [RunOutcome], _ analysis: OptimizationAnalysis) -> HeatmapMultiples? {
        guard let spec = study.optimization, let axes = spec.heatmap else { return nil }
        return HeatmapMultiples.make(study, spec: spec, outcomes: outcomes, axes: axes, best: analysis.best)
    }
}
