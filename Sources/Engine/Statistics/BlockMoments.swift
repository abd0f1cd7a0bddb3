/// What a run stores for the probability of backtest overfitting: for each of S contiguous blocks
/// of its daily returns, their count, sum and sum of squares.
///
/// The Sharpe ratio of any union of blocks follows from these three sums, so CSCV needs O(S)
/// numbers per run instead of the run's T returns.
///
/// Blocks: the returns are cut into S blocks of ⌊T / S⌋ consecutive returns; the T mod S oldest
/// returns (the leading rows) are left out, so every block has the same length as in the paper.
public struct BlockMoments: Sendable, Equatable, Codable {
    /// The number of returns in each block, oldest block first.
    public var counts: [Int]
    /// The sum of the returns of each block.
    public var sums: [Double]
    /// The sum of the squared returns of each block.
    public var sumsOfSquares: [Double]

    /// The number of blocks S.
    public var blockCount: Int { counts.count }

    /// Cuts `returns` into `blocks` blocks (see the type's rule); nil when `blockRanges` is nil.
    public init?(returns: [Double], blocks: Int) {
        guard let ranges = Self.blockRanges(count: returns.count, blocks: blocks) else { return nil }
        counts = ranges.map(\.count)
        sums = []
        sumsOfSquares = []
        for range in ranges {
            var sum = 0.0
            var squares = 0.0
            for value in returns[range] {
                sum += value
                squares += value * value
            }
            sums.append(sum)
            sumsOfSquares.append(squares)
        }
    }

    /// Block moments given directly (as read back from a cache); nil unless the three arrays have
    /// the same length of at least 2, every count is positive and every sum is finite.
    public init?(counts: [Int], sums: [Double], sumsOfSquares: [Double]) {
        guard counts.count >= 2, sums.count == counts.count, sumsOfSquares.count == counts.count,
            counts.allSatisfy({ $0 > 0 }), sums.allSatisfy(\.isFinite), sumsOfSquares.allSatisfy({ $0.isFinite && $0 >= 0 })
        else { return nil }
        self.counts = counts
        self.sums = sums
        self.sumsOfSquares = sumsOfSquares
    }

    /// The index ranges of `blocks` equal blocks of a series of `count` returns, the leading
    /// `count % blocks` returns left out; nil when `blocks` < 2 or a block would be empty.
    public static func blockRanges(count: Int, blocks: Int) -> [Range<Int>]? {
        guard blocks >= 2, count >= blocks else { return nil }
        let size = count / blocks
        let start = count - size * blocks
        return (0..<blocks).map { start + $0 * size..<start + ($0 + 1) * size }
    }

    /// The per-period Sharpe ratio (mean / sample standard deviation, ddof = 1) of the union of
    /// the blocks at `indices`; nil when it has fewer than 2 returns or no variance.
    public func sharpe(ofBlocks indices: some Sequence<Int>) -> Double? {
        var n = 0
        var sum = 0.0
        var squares = 0.0
        for index in indices {
            n += counts[index]
            sum += sums[index]
            squares += sumsOfSquares[index]
        }
        guard n >= 2 else { return nil }
        return Self.sharpe(count: Double(n), sum: sum, sumOfSquares: squares)
    }

    /// Mean / sample standard deviation from the three sums; nil when the variance is zero, that
    /// is below 1e-12 of the mean square (rounding of the sums; a Sharpe ratio of 10⁶ per period).
    @inline(__always)
    static func sharpe(count n: Double, sum: Double, sumOfSquares: Double) -> Double? {
        let mean = sum / n
        let variance = (sumOfSquares - sum * mean) / (n - 1)
        guard variance > 1e-12 * sumOfSquares / n else { return nil }
        return mean / variance.squareRoot()
    }
}
