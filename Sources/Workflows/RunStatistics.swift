import Engine
import Study

/// What a run keeps of its daily returns for the robustness statistics (DESIGN section 8), made
/// when it runs so that no build ever holds the T x N matrix of a grid's returns: the moments the
/// probabilistic and deflated Sharpe ratios need, and per-block sums for PBO by CSCV.
///
/// The returns are the daily returns of the metrics (equity at each day's last bar) less the
/// risk-free rate per period, `r - rf / P`, so that their Sharpe ratio is the run's
/// `sharpe_ratio` per period.
public struct RunStatistics: Sendable, Equatable {
    /// The moments of the daily excess returns; nil when they are fewer than 2 or do not vary.
    public var moments: ReturnMoments?
    /// Per-block sums for each block count asked for, ascending by block count.
    public var blocks: [BlockMoments]

    /// Statistics given directly.
    public init(moments: ReturnMoments? = nil, blocks: [BlockMoments] = []) {
        self.moments = moments
        self.blocks = blocks
    }

    /// The statistics of daily excess `returns`, with block sums for each of `blockCounts` that
    /// the returns can be cut into.
    public init(returns: [Double], blockCounts: [Int]) {
        moments = ReturnMoments(returns)
        blocks = blockCounts.sorted().compactMap { BlockMoments(returns: returns, blocks: $0) }
    }

    /// The block sums for `count` blocks, when they were made.
    public func blocks(_ count: Int) -> BlockMoments? { blocks.first { $0.blockCount == count } }

    /// The daily excess returns of a result: simple returns of the equity at each day's last bar,
    /// less the risk-free rate per period.
    public static func excessReturns(of result: BacktestResult) -> [Double] {
        let perPeriod = result.config.metrics.riskFreeRate / result.periodsPerYear
        let returns = MetricsCalculator.dailyReturns(equity: result.equity, dayEnds: result.dayEnds)
        return perPeriod == 0 ? returns : returns.map { $0 - perPeriod }
    }

    func encode(into w: inout ByteWriter) {
        if let moments {
            w.byte(1)
            w.varint(moments.count)
            w.double(moments.sharpe)
            w.double(moments.skewness)
            w.double(moments.kurtosis)
        } else {
            w.byte(0)
        }
        w.varint(blocks.count)
        for block in blocks {
            w.varint(block.blockCount)
            for count in block.counts { w.varint(count) }
            for sum in block.sums { w.double(sum) }
            for squares in block.sumsOfSquares { w.double(squares) }
        }
    }

    init(decoding r: inout ByteReader) throws {
        switch try r.byte() {
        case 0: moments = nil
        case 1:
            moments = ReturnMoments(count: try r.count(), sharpe: try r.double(), skewness: try r.double(), kurtosis: try r.double())
        default: throw ByteReader.Malformed()
        }
        blocks = []
        for _ in 0..<(try r.count(limit: 64)) {
            let count = try r.count(limit: 64)
            let counts = try (0..<count).map { _ in try r.count() }
            let sums = try (0..<count).map { _ in try r.double() }
            let squares = try (0..<count).map { _ in try r.double() }
            guard let block = BlockMoments(counts: counts, sums: sums, sumsOfSquares: squares) else { throw ByteReader.Malformed() }
            blocks.append(block)
        }
    }
}

/// What the studies a run serves need its cache entry to keep besides the metrics: block sums for
/// some block counts (grids, for PBO) and the equity at each day's end (walk-forward windows out
/// of sample, to stitch them).
public struct StatisticsNeeds: Sendable, Hashable {
    /// Block counts, ascending, without repeats.
    public private(set) var blockCounts: [Int]
    /// Whether the equity at each day's end is kept.
    public var dayEquity: Bool
    /// Whether the trades, equity points and closes are kept (`StoredResult.summary`).
    public var detail: Bool

    /// Needs; `blockCounts` in any order.
    public init(blockCounts: [Int] = [], dayEquity: Bool = false, detail: Bool = true) {
        self.blockCounts = Array(Set(blockCounts)).sorted()
        self.dayEquity = dayEquity
        self.detail = detail
    }

    /// Nothing besides the metrics.
    public static let none = StatisticsNeeds()

    /// Both needs at once.
    public func union(_ other: StatisticsNeeds) -> StatisticsNeeds {
        StatisticsNeeds(
            blockCounts: blockCounts + other.blockCounts, dayEquity: dayEquity || other.dayEquity, detail: detail || other.detail)
    }

    /// Whether an entry that keeps `kept` meets these needs.
    public func isMet(by kept: StatisticsNeeds) -> Bool {
        (!dayEquity || kept.dayEquity) && (!detail || kept.detail) && blockCounts.allSatisfy(kept.blockCounts.contains)
    }
}

extension StudyDefinition {
    /// What run `index` must keep: for a grid point the block sums PBO needs; over several markets
    /// also its day-end equity (a configuration's statistics and charts are those of the markets'
    /// equal-weight portfolio, made when the study is analysed and drawn). The block sums are kept
    /// over several markets too, so that a study cut back to one market runs nothing again. The
    /// grid runs of a study of more than `detailLimit` runs keep no detail: its pages show a few
    /// of them, made again (`DetailStore`). Variants, which the page shows all, keep it, and so
    /// does a walk-forward (whose pages read runs the `DetailStore` cannot make again).
    func needs(ofRun index: Int, detailLimit: Int) -> StatisticsNeeds {
        let gridRun = configuration(ofRun: index) < gridPoints.count
        let blocks = gridRun ? optimization.map { [$0.blocks] } ?? [] : []
        let detail = !gridRun || runCount <= detailLimit || walkForward != nil
        return StatisticsNeeds(blockCounts: blocks, dayEquity: listsMarkets, detail: detail)
    }
}
