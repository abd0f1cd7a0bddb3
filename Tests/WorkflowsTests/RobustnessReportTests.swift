import Engine
import Foundation
import Study
import Testing

@testable import Workflows

/// The OptimizationService's robustness report on hand-made statistics: which run, which N and V,
/// why PBO is missing, the plateau beside the best point; and a walk-forward's stability.
@Suite struct RobustnessReportTests {
    static func statistics(_ sharpe: Double, skew: Double = 0, kurt: Double = 3, blocks: BlockMoments? = nil) -> RunStatistics {
        RunStatistics(
            moments: ReturnMoments(count: 1000, sharpe: sharpe, skewness: skew, kurtosis: kurt), blocks: blocks.map { [$0] } ?? [])
    }

    @Test func dsrUsesTheLedgersNTheGridsSpreadAndTheBestRunsMoments() throws {
        let runs = [Self.statistics(0.01), Self.statistics(0.05, skew: -1, kurt: 6), Self.statistics(0.02), nil]
        let report = RobustnessReport(statistics: runs, best: 1, trials: 40, blocks: 16)
        // V over the three runs with a Sharpe ratio: mean 0.02667, deviations -0.01667, 0.02333, -0.00667.
        let v =
            (0.016_666_666_666_666_67 * 0.016_666_666_666_666_67 + 0.023_333_333_333_333_33 * 0.023_333_333_333_333_33
                + 0.006_666_666_666_666_67 * 0.006_666_666_666_666_67) / 2
        #expect(abs(try #require(report.sharpeVariance) - v) < 1e-15)
        #expect(report.measuredRuns == 3 && report.trials == 40)
        let sr0 = try #require(SharpeStatistics.expectedMaximumSharpe(trials: 40, variance: report.sharpeVariance!))
        #expect(report.expectedMaximumSharpe == sr0)
        let best = ReturnMoments(count: 1000, sharpe: 0.05, skewness: -1, kurtosis: 6)
        #expect(report.deflatedSharpe == SharpeStatistics.probabilisticSharpe(best, benchmark: sr0))
        #expect(report.probabilisticSharpe == SharpeStatistics.probabilisticSharpe(best, benchmark: 0))
        // More trials: a higher bar, a lower DSR.
        let wider = RobustnessReport(statistics: runs, best: 1, trials: 4000, blocks: 16)
        #expect(try #require(wider.deflatedSharpe) < #require(report.deflatedSharpe))
    }

    @Test func pboSaysWhyItIsMissing() {
        let blocks = BlockMoments(returns: (0..<64).map { Double($0 % 7) / 100 - 0.02 }, blocks: 16)!
        let one = RobustnessReport(statistics: [Self.statistics(0.1, blocks: blocks)], best: 0, trials: 1, blocks: 16)
        #expect(one.overfitting == nil && one.overfittingNote == "PBO needs at least 2 finished runs")
        #expect(one.deflatedSharpe == nil)  // one trial has no spread
        let short = RobustnessReport(
            statistics: [Self.statistics(0.1, blocks: blocks), Self.statistics(0.2)], best: 1, trials: 2, blocks: 16)
        #expect(short.overfitting == nil)
        #expect(short.overfittingNote == "too few daily returns to cut into 16 blocks of at least 1 return with 2 in each half")
        let both = RobustnessReport(
            statistics: [Self.statistics(0.1, blocks: blocks), Self.statistics(0.2, blocks: blocks)], best: 1, trials: 2, blocks: 16)
        #expect(both.overfitting?.splits.count == 12_870 && both.overfittingNote == nil)
    }

    @Test func thePlateauIsItsPointsAverageAndItsDistanceFromTheBestPoint() throws {
        // A 3 x 3 grid: a lone spike at (0, 0), a broad region around (2, 2).
        let values: [[Double]] = [[3.0, 0.0, 0.0], [0.0, 1.0, 1.2], [0.0, 1.2, 1.5]]
        let coordinates = (0..<3).flatMap { i in (0..<3).map { [i, $0] } }
        let plateau = try #require(
            PlateauSummary(
                coordinates: coordinates, objectives: coordinates.map { values[$0[0]][$0[1]] }, numeric: [true, true], maximize: true))
        #expect(plateau.point == 8 && plateau.neighbours == 3)
        #expect(abs(plateau.value - (1.5 + 1.2 + 1.2) / 3) < 1e-15)
        #expect(plateau.bestPointAverage == 1.0)  // (3 + 0 + 0) / 3
        #expect(plateau.distance == 4)
    }

    @Test func stabilityCountsMovesBetweenTradedWindows() throws {
        let study = try ServiceTests.study([
            "run.yaml": ServiceTests.run,
            "optimization.yaml":
                "parameters:\n  strategy.signal_generator.params.fast: [5, 10, 15]\n  strategy.signal_generator.params.slow: [20, 30]\n",
        ])
        // Points: 0 (5,20) 1 (5,30) 2 (10,20) 3 (10,30) 4 (15,20) 5 (15,30). A skipped window between.
        let stability = ParameterStability(spec: study.optimization!, points: study.gridPoints, chosen: [0, 0, nil, 5, 1])
        #expect(stability.transitions == 3 && stability.unchanged == 1)
        let fast = stability.parameters[0]
        #expect(fast.name == "fast" && fast.distinct == 2 && fast.changes == 2)
        #expect(fast.meanStep == Double(0 + 2 + 2) / 3)  // value positions 0, 0, 2, 0
        let slow = stability.parameters[1]
        #expect(slow.changes == 1 && slow.meanStep == Double(0 + 1 + 0) / 3)
        #expect(slow.values.map { $0?.description } == ["20", "20", nil, "30", "30"])
    }
}
