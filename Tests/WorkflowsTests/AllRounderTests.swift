import Engine
import Testing

@testable import Workflows

/// The all-rounder's ranks (DESIGN section 9) on cases worked out by hand.
@Suite struct AllRounderTests {
    @Test func ranksShareTiesAndPutMissingValuesLast() {
        #expect(AllRounder.fractionalRanks([1.0, 2.0, 0.5], higherIsBetter: true) == [2, 1, 3])
        #expect(AllRounder.fractionalRanks([1.0, 2.0, 0.5], higherIsBetter: false) == [2, 3, 1])
        // 0.4 twice shares ranks 1 and 2; the missing value is third.
        #expect(AllRounder.fractionalRanks([0.4, nil, 0.4], higherIsBetter: true) == [1.5, 3, 1.5])
        // Two missing values share the last two ranks.
        #expect(AllRounder.fractionalRanks([nil, 3, nil, 3, 1], higherIsBetter: true) == [4.5, 1.5, 4.5, 1.5, 3])
        #expect(AllRounder.fractionalRanks([], higherIsBetter: true) == [])
    }

    /// Three variants (the baseline first) on two markets by Sharpe ratio (higher is better) and
    /// max drawdown (lower is better); A's Sharpe ratio on market 2 is missing.
    ///
    ///                  market 1        market 2
    ///                  Sharpe  DD      Sharpe  DD
    ///     baseline     1.0     0.2     0.4     0.1
    ///     A            2.0     0.3     -       0.05
    ///     B            0.5     0.1     0.4     0.2
    ///
    /// Ranks: baseline 2, 2 | 1.5, 2 (mean 7.5 / 4 = 1.875); A 1, 3 | 3, 1 (2); B 3, 1 | 1.5, 3
    /// (8.5 / 4 = 2.125). Per market: baseline 2 and 1.75, A 2 and 2, B 2 and 2.25.
    @Test func theAllRounderHasTheLowestMeanRankOverMetricsAndMarkets() {
        let rounder = AllRounder(
            values: [
                [[1.0, 0.2], [0.4, 0.1]],
                [[2.0, 0.3], [nil, 0.05]],
                [[0.5, 0.1], [0.4, 0.2]],
            ],
            higherIsBetter: [true, false], baseline: 0)
        #expect(rounder.ranks == [[[2, 2], [1.5, 2]], [[1, 3], [3, 1]], [[3, 1], [1.5, 3]]])
        #expect(rounder.meanRanks == [1.875, 2, 2.125])
        #expect(rounder.marketRanks == [[2, 1.75], [2, 2], [2, 2.25]])
        #expect(rounder.order == [0, 1, 2])
    }

    @Test func equalMeanRanksKeepTheBaselineFirstThenTheFilesOrder() {
        // Variants 0 and 1 swap first and second place across the two markets; 2 is last on both.
        let values: [[[Double?]]] = [[[2], [1]], [[1], [2]], [[0], [0]]]
        #expect(AllRounder(values: values, higherIsBetter: [true], baseline: 0).order == [0, 1, 2])
        #expect(AllRounder(values: values, higherIsBetter: [true], baseline: 1).order == [1, 0, 2])
        // Without the baseline among the tied, the file's order decides.
        #expect(AllRounder(values: values, higherIsBetter: [true], baseline: 2).order == [0, 1, 2])
    }
}
