import Engine
import Foundation

/// A run's result as the cache keeps it: every metric, every trade, and the equity curve at the
/// resolution charts need (at most `StoredResult.equityPoints` points, each the last bar of its
/// stretch of bars) with the close there, for buy and hold. Encoded compactly: about 40 bytes a
/// trade and 20 an equity point.
public struct StoredResult: Sendable, Equatable {
    /// Equity points kept for charts.
    public static let equityPoints = 800
    /// 4: one value per metric of the second set (issue 11); 5: the close at each kept equity
    /// point; 6: the detail (trades, equity points, closes) may be left out. Entries of version 5
    /// are read too: they always have it.
    static let formatVersion: UInt8 = 6
    /// A study of more runs than this keeps the detail of none of them when they run (about 1 KB
    /// an entry instead of 10 to 30): its pages show a few of its runs, and those are run again
    /// for their detail when first shown (`DetailStore`).
    public static let detailRunLimit = 100

    /// Metric values (undefined ones absent).
    public var metrics: Metrics
    /// Trades.
    public var trades: [Trade]
    /// Times of the kept equity points.
    public var equityTime: [Int64]
    /// Equity at those times.
    public var equity: [Double]
    /// The bar's close at those times (buy and hold of the same bars), in single precision (a
    /// chart's line needs no more, and it keeps entries small); empty where there is no one
    /// market's bars (a portfolio of markets).
    public var close: [Double]
    /// Bars in the run.
    public var bars: Int
    /// Periods per year used to annualise.
    public var periodsPerYear: Double
    /// Warnings for the report.
    public var warnings: [String]
    /// The equity at the start and at the last bar of each calendar month (UTC), exactly, for
    /// monthly returns.
    public var monthEnds: [(time: Int64, equity: Double)]
    /// What the run keeps for the robustness statistics.
    public var statistics: RunStatistics
    /// When asked for: the initial capital at the first bar's time, then the equity at the last
    /// bar of each UTC day, exactly (to stitch walk-forward windows).
    public var dayEquity: [(time: Int64, equity: Double)]?
    /// Whether the trades, the equity points and their closes are there (see `summary`).
    public var hasDetail = true

    /// This result without its trades, equity points and closes: what a run of a large grid keeps.
    public var summary: StoredResult {
        var kept = self
        kept.trades = []
        kept.equityTime = []
        kept.equity = []
        kept.close = []
        kept.hasDetail = false
        return kept
    }

    /// What the entry keeps besides the metrics.
    public var kept: StatisticsNeeds {
        // Block counts above the number of daily returns can never be made (`BlockMoments`): the
        // entry meets them as well as a run made again would, so it is not run again for them.
        let returns = statistics.moments?.count ?? 0
        let impossible = returns < 24 ? Array(max(2, returns + 1)...24) : []
        return StatisticsNeeds(
            blockCounts: statistics.blocks.map(\.blockCount) + impossible, dayEquity: dayEquity != nil, detail: hasDetail)
    }

    public static func == (a: StoredResult, b: StoredResult) -> Bool {
        a.metrics == b.metrics && a.trades == b.trades && a.equityTime == b.equityTime && a.equity == b.equity && a.close == b.close
            && a.bars == b.bars
            && a.periodsPerYear == b.periodsPerYear && a.warnings == b.warnings
            && a.monthEnds.map(\.time) == b.monthEnds.map(\.time) && a.monthEnds.map(\.equity) == b.monthEnds.map(\.equity)
            && a.statistics == b.statistics && a.dayEquity?.map(\.time) == b.dayEquity?.map(\.time)
            && a.dayEquity?.map(\.equity) == b.dayEquity?.map(\.equity) && a.hasDetail == b.hasDetail
    }

    /// The stored form of a full result, keeping what `needs` asks for.
    public init(_ result: BacktestResult, needs: StatisticsNeeds = .none) {
        statistics = RunStatistics(returns: RunStatistics.excessReturns(of: result), blockCounts: needs.blockCounts)
        dayEquity =
            needs.dayEquity
            ? [(result.time.first ?? 0, result.config.platform.initialCapital)]
                + result.dayEnds.filter { $0 < result.equity.count }.map { (result.time[$0], result.equity[$0]) } : nil
        metrics = result.metrics
        trades = result.trades
        bars = result.equity.count
        periodsPerYear = result.periodsPerYear
        warnings = result.warnings
        monthEnds =
            [(result.time.first ?? 0, result.config.platform.initialCapital)]
            + result.monthEnds.filter { $0 < result.equity.count }.map { (result.time[$0], result.equity[$0]) }
        let n = result.equity.count
        if n <= Self.equityPoints {
            equityTime = result.time
            equity = result.equity
            close = result.close.map(Self.single)
        } else {
            // The first bar, then the last bar of each of equityPoints - 1 equal stretches.
            var time = [result.time[0]]
            var values = [result.equity[0]]
            var closes = [Self.single(result.close[0])]
            for k in 1..<Self.equityPoints {
                let i = (k * (n - 1)) / (Self.equityPoints - 1)
                time.append(result.time[i])
                values.append(result.equity[i])
                closes.append(Self.single(result.close[i]))
            }
            equityTime = time
            equity = values
            close = closes
        }
    }

    init(
        metrics: Metrics, trades: [Trade], equityTime: [Int64], equity: [Double], close: [Double] = [], bars: Int, periodsPerYear: Double,
        warnings: [String], monthEnds: [(time: Int64, equity: Double)], statistics: RunStatistics = RunStatistics(),
        dayEquity: [(time: Int64, equity: Double)]? = nil
    ) {
        self.monthEnds = monthEnds
        self.statistics = statistics
        self.dayEquity = dayEquity
        self.metrics = metrics
        self.trades = trades
        self.equityTime = equityTime
        self.equity = equity
        self.close = close
        self.bars = bars
        self.periodsPerYear = periodsPerYear
        self.warnings = warnings
    }

    /// `value` rounded to single precision, as the entry keeps a close.
    static func single(_ value: Double) -> Double { Double(Float(value)) }

    /// The bytes of a cache entry. `feeRate` is not stored: pnl and return are recomputed from
    /// prices, size and fees with the engine's own formulas, bit for bit.
    public func encoded() -> Data {
        var w = ByteWriter()
        w.byte(Self.formatVersion)
        w.byte(hasDetail ? 1 : 0)
        w.varint(bars)
        w.double(periodsPerYear)
        for id in MetricID.allCases { w.double(metrics[id] ?? .nan) }
        w.varint(warnings.count)
        for warning in warnings { w.string(warning) }
        statistics.encode(into: &w)
        if let dayEquity {
            w.byte(1)
            Self.encode(dayEquity.map(\.time), dayEquity.map(\.equity), into: &w)
        } else {
            w.byte(0)
        }
        Self.encode(monthEnds.map(\.time), monthEnds.map(\.equity), into: &w)
        guard hasDetail else { return Data(w.bytes) }
        Self.encode(equityTime, equity, into: &w)
        w.varint(close.count)
        for value in close { w.float(Float(value)) }
        var previousTime: Int64 = 0
        w.varint(trades.count)
        var previousBar = 0
        previousTime = 0
        for trade in trades {
            w.varint(trade.entryBar - previousBar)
            w.varint(trade.exitBar - trade.entryBar)
            w.signed(trade.entryTime - previousTime)
            w.signed(trade.exitTime - trade.entryTime)
            previousBar = trade.exitBar
            previousTime = trade.exitTime
            w.double(trade.entryPrice)
            w.double(trade.exitPrice)
            w.double(trade.size)
            w.double(trade.fees)
            w.byte(UInt8(ExitReason.allCases.firstIndex(of: trade.exitReason)!))
        }
        return Data(w.bytes)
    }

    /// A series of (time, value) points: its length, then each time as the difference from the
    /// previous one and each value.
    private static func encode(_ times: [Int64], _ values: [Double], into w: inout ByteWriter) {
        w.varint(values.count)
        var previous: Int64 = 0
        for (t, v) in zip(times, values) {
            w.signed(t - previous)
            previous = t
            w.double(v)
        }
    }

    private static func decodeSeries(_ r: inout ByteReader) throws -> [(time: Int64, equity: Double)] {
        var time: Int64 = 0
        return try (0..<r.elements(ofAtLeast: 9)).map { _ in
            time = try r.signed(after: time)
            return (time, try r.double())
        }
    }

    /// How much of an entry to decode.
    public enum Part: Sendable {
        /// The metrics, warnings and statistics (and whether the day-end equity is there), as the
        /// plan needs them.
        case summary
        /// Those and the day-end equity, as combining markets needs them.
        case dayEquity
        /// Everything.
        case all
    }

    /// Decodes a cache entry; nil when it is not one this version wrote. `metricsOnly` reads only
    /// the summary.
    public init?(decoding data: Data, metricsOnly: Bool = false) { self.init(decoding: data, part: metricsOnly ? .summary : .all) }

    /// Decodes `part` of a cache entry; nil when it is not one this version wrote.
    public init?(decoding data: Data, part: Part) {
        let metricsOnly = part == .summary
        var r = ByteReader(data)
        do {
            let version = try r.byte()
            guard version == Self.formatVersion || version == 5 else { return nil }
            switch version == 5 ? 1 : try r.byte() {
            case 0: hasDetail = false
            case 1: hasDetail = true
            default: return nil
            }
            bars = try r.count()
            periodsPerYear = try r.double()
            var values: [MetricID: Double] = [:]
            for id in MetricID.allCases { values[id] = try r.double() }
            metrics = Metrics(values)
            warnings = try (0..<r.count(limit: 10_000)).map { _ in try r.string() }
            statistics = try RunStatistics(decoding: &r)
            equityTime = []
            equity = []
            close = []
            trades = []
            monthEnds = []
            switch try r.byte() {
            case 0: dayEquity = nil
            case 1: dayEquity = metricsOnly ? [] : try Self.decodeSeries(&r)
            default: return nil
            }
            if part != .all { return }
            monthEnds = try Self.decodeSeries(&r)
            if !hasDetail {
                guard r.isAtEnd else { return nil }
                return
            }
            let points = try Self.decodeSeries(&r)
            equityTime = points.map(\.time)
            equity = points.map(\.equity)
            close = try (0..<r.elements(ofAtLeast: 4)).map { _ in Double(try r.float()) }
            var bar = 0
            var time: Int64 = 0
            // Each trade: four varints (a byte at least), four doubles and its exit reason.
            for _ in 0..<(try r.elements(ofAtLeast: 37)) {
                let entryBar = try r.index(after: bar)
                let exitBar = try r.index(after: entryBar)
                let entryTime = try r.signed(after: time)
                let exitTime = try r.signed(after: entryTime)
                bar = exitBar
                time = exitTime
                let entry = try r.double()
                let exit = try r.double()
                let size = try r.double()
                let fees = try r.double()
                let reasonIndex = Int(try r.byte())
                guard reasonIndex < ExitReason.allCases.count else { return nil }
                trades.append(
                    Trade(
                        entryBar: entryBar, exitBar: exitBar, entryTime: entryTime, exitTime: exitTime, entryPrice: entry, exitPrice: exit,
                        size: size, fees: fees, pnl: size * (exit - entry) - fees,
                        returnFraction: (exit / entry - 1) - fees / (size * entry),
                        exitReason: ExitReason.allCases[reasonIndex]))
            }
            guard r.isAtEnd else { return nil }
        } catch {
            return nil
        }
    }
}
