import Foundation

/// The probability of backtest overfitting (PBO) by combinatorially symmetric cross-validation
/// (CSCV): Bailey, Borwein, López de Prado and Zhu, "The Probability of Backtest Overfitting"
/// (Journal of Computational Finance, 2017), algorithm 2.3, with the Sharpe ratio as the
/// performance measure.
///
/// Conventions (docs/robustness.md): every one of the C(S, S/2) choices of S/2 blocks is a split,
/// in lexicographic order of its in-sample blocks; a segment's Sharpe ratio is mean / sample
/// standard deviation (ddof = 1), per period, and 0 when the segment's returns do not vary (a run
/// that never trades); n* is the first run (lowest index) with the highest in-sample Sharpe;
/// its out-of-sample rank is ascending (the best is N), ties get the average rank;
/// ω̄ = rank / (N + 1); λ = ln(ω̄ / (1 − ω̄)); PBO is the share of splits with λ ≤ 0.
public struct OverfittingAnalysis: Sendable, Equatable {
    /// One CSCV split: the run chosen in sample and how it fared out of sample.
    public struct Split: Sendable, Equatable {
        /// The in-sample blocks J as a bit set (bit b is block b, oldest block = bit 0).
        public var inSampleBlocks: UInt64
        /// n*, the index of the run with the best in-sample Sharpe ratio (the first on ties).
        public var bestRun: Int
        /// n*'s Sharpe ratio on the in-sample blocks.
        public var inSampleSharpe: Double
        /// n*'s Sharpe ratio on the out-of-sample blocks.
        public var outOfSampleSharpe: Double
        /// ω̄ = (n*'s out-of-sample rank among the N runs, ascending, ties averaged) / (N + 1).
        public var relativeRank: Double
        /// λ = ln(ω̄ / (1 − ω̄)).
        public var logit: Double
    }

    /// N, the number of runs.
    public var runCount: Int
    /// S, the number of blocks.
    public var blockCount: Int
    /// Every split, in lexicographic order of the in-sample blocks (none in a `summary`).
    public var splits: [Split]
    /// The number of splits, C(S, S/2).
    public var splitCount: Int
    /// PBO: the share of splits whose logit is at most 0 (n* ranks in the lower half out of sample).
    public var probabilityOfOverfitting: Double
    /// The share of splits in which n* has a negative out-of-sample Sharpe ratio.
    public var probabilityOfLoss: Double
    /// The least-squares slope of n*'s out-of-sample Sharpe on its in-sample Sharpe over the
    /// splits (performance degradation); nil when the in-sample Sharpe ratios do not vary.
    public var degradationSlope: Double?
    /// The intercept of that regression line; nil with the slope.
    public var degradationIntercept: Double?

    /// The logits λ of every split, in split order.
    public var logits: [Double] { splits.map(\.logit) }

    /// Runs CSCV over `runs` (one entry per configuration, all cut into the same blocks); nil when
    /// there are fewer than 2 runs, the block count is odd, below 2 or above 24 (C(24, 12) =
    /// 2.7 million splits), the runs' block
    /// counts differ, a half has fewer than 2 returns, or a sum is not finite.
    public init?(runs: [BlockMoments]) {
        guard runs.count >= 2, let first = runs.first else { return nil }
        let blocks = first.blockCount
        guard blocks >= 2, blocks <= 24, blocks % 2 == 0, first.counts.allSatisfy({ $0 > 0 }) else { return nil }
        for run in runs {
            guard run.counts == first.counts, run.sums.count == blocks, run.sumsOfSquares.count == blocks,
                run.sums.allSatisfy(\.isFinite), run.sumsOfSquares.allSatisfy(\.isFinite)
            else { return nil }
        }
        let masks = Self.halfSubsets(of: blocks)
        let full = (UInt64(1) << UInt64(blocks)) - 1
        for mask in masks {
            guard Self.count(first.counts, mask) >= 2, Self.count(first.counts, full ^ mask) >= 2 else { return nil }
        }
        let splits = CSCVKernel(runs: runs).splits(masks: masks)
        self.init(runCount: runs.count, blockCount: blocks, splits: splits)
    }

    /// Summarises computed splits: PBO, probability of loss and the degradation regression.
    init(runCount: Int, blockCount: Int, splits: [Split]) {
        self.runCount = runCount
        self.blockCount = blockCount
        self.splits = splits
        splitCount = splits.count
        let total = Double(splits.count)
        probabilityOfOverfitting = Double(splits.count(where: { $0.logit <= 0 })) / total
        probabilityOfLoss = Double(splits.count(where: { $0.outOfSampleSharpe < 0 })) / total
        let meanX = splits.reduce(0) { $0 + $1.inSampleSharpe } / total
        let meanY = splits.reduce(0) { $0 + $1.outOfSampleSharpe } / total
        var sxx = 0.0
        var sxy = 0.0
        for split in splits {
            let dx = split.inSampleSharpe - meanX
            sxx += dx * dx
            sxy += dx * (split.outOfSampleSharpe - meanY)
        }
        if sxx > 0, (sxy / sxx).isFinite {
            degradationSlope = sxy / sxx
            degradationIntercept = meanY - sxy / sxx * meanX
        }
    }

    /// The analysis without its splits: PBO, the probability of loss and the degradation line, for
    /// a grid whose splits no chart shows (a walk-forward window's), so that a thousand windows do
    /// not each hold C(S, S/2) splits.
    public var summary: OverfittingAnalysis {
        var summary = self
        summary.splits = []
        return summary
    }

    /// The sum of `counts` over the blocks in `mask`.
    private static func count(_ counts: [Int], _ mask: UInt64) -> Int {
        counts.indices.reduce(0) { mask & (1 << UInt64($1)) != 0 ? $0 + counts[$1] : $0 }
    }

    /// Every subset of half of `blocks` blocks as a bit set, in lexicographic order of the
    /// ascending block indices ({0,1,…} first).
    static func halfSubsets(of blocks: Int) -> [UInt64] {
        let k = blocks / 2
        var chosen = Array(0..<k)
        var result: [UInt64] = []
        while true {
            result.append(chosen.reduce(0) { $0 | (1 << UInt64($1)) })
            // Advance the rightmost index that can still move, then reset the ones after it.
            var i = k - 1
            while i >= 0, chosen[i] == blocks - k + i { i -= 1 }
            if i < 0 { return result }
            chosen[i] += 1
            for j in i + 1..<k { chosen[j] = chosen[j - 1] + 1 }
        }
    }
}
