/// OHLCV bars of one instrument, stored column by column for tight loops.
///
/// Times are UTC milliseconds since 1970-01-01, strictly increasing.
public struct BarSeries: Sendable, Equatable {
    /// Bar open times, UTC epoch milliseconds.
    public var time: [Int64]
    /// Opening prices.
    public var open: [Double]
    /// Highest prices.
    public var high: [Double]
    /// Lowest prices.
    public var low: [Double]
    /// Closing prices.
    public var close: [Double]
    /// Traded volume; zeros when the source has none.
    public var volume: [Double]

    /// Creates a series from equally long columns.
    public init(time: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]) {
        precondition(
            [open.count, high.count, low.count, close.count, volume.count].allSatisfy { $0 == time.count },
            "BarSeries columns must have equal length")
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// An empty series with room for `capacity` bars.
    public init(reservingCapacity capacity: Int) {
        time = []
        open = []
        high = []
        low = []
        close = []
        volume = []
        reserveColumns(capacity)
    }

    /// The columns of a series being made, as raw pointers (see `init(unsafeUninitializedCapacity:initializingWith:)`).
    public struct ColumnPointers: @unchecked Sendable {
        public let time: UnsafeMutablePointer<Int64>
        public let open, high, low, close, volume: UnsafeMutablePointer<Double>

        /// Moves `count` bars from index `from` to index `to` in every column.
        func move(from: Int, to: Int, count: Int) {
            (time + to).update(from: time + from, count: count)
            for column in [open, high, low, close, volume] { (column + to).update(from: column + from, count: count) }
        }
    }

    /// A series of up to `capacity` bars written in place by `fill`, which returns how many bars
    /// it wrote (each of the first that many set in every column); nothing is zeroed or copied.
    public init(unsafeUninitializedCapacity capacity: Int, initializingWith fill: (ColumnPointers) -> Int) {
        let room = max(capacity, 1)
        var count = 0
        var open: [Double] = []
        var high: [Double] = []
        var low: [Double] = []
        var close: [Double] = []
        var volume: [Double] = []
        time = [Int64](unsafeUninitializedCapacity: room) { t, tn in
            open = [Double](unsafeUninitializedCapacity: room) { o, on in
                high = [Double](unsafeUninitializedCapacity: room) { h, hn in
                    low = [Double](unsafeUninitializedCapacity: room) { l, ln in
                        close = [Double](unsafeUninitializedCapacity: room) { c, cn in
                            volume = [Double](unsafeUninitializedCapacity: room) { v, vn in
                                let columns = ColumnPointers(
                                    time: t.baseAddress!, open: o.baseAddress!, high: h.baseAddress!, low: l.baseAddress!,
                                    close: c.baseAddress!, volume: v.baseAddress!)
                                count = min(max(fill(columns), 0), capacity)
                                vn = count
                            }
                            cn = count
                        }
                        ln = count
                    }
                    hn = count
                }
                on = count
            }
            tn = count
        }
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    private mutating func reserveColumns(_ n: Int) {
        time.reserveCapacity(n)
        open.reserveCapacity(n)
        high.reserveCapacity(n)
        low.reserveCapacity(n)
        close.reserveCapacity(n)
        volume.reserveCapacity(n)
    }

    /// Number of bars.
    public var count: Int { time.count }

    /// Appends one bar.
    public mutating func append(time t: Int64, open o: Double, high h: Double, low l: Double, close c: Double, volume v: Double) {
        time.append(t)
        open.append(o)
        high.append(h)
        low.append(l)
        close.append(c)
        volume.append(v)
    }

    /// The bars whose time lies in `from...through` (either bound optional, both inclusive).
    public func slice(from start: Int64?, through end: Int64?) -> BarSeries { slice(range(from: start, through: end)) }

    /// The indices of the bars whose time lies in `from...through` (either bound optional, both inclusive).
    public func range(from start: Int64?, through end: Int64?) -> Range<Int> {
        let lower = start.map { s in time.partitioningIndex { $0 >= s } } ?? 0
        let upper = end.map { e in time.partitioningIndex { $0 > e } } ?? count
        return lower..<max(lower, upper)
    }

    /// The bars at `range`.
    public func slice(_ range: Range<Int>) -> BarSeries {
        if range == 0..<count { return self }
        return BarSeries(
            time: Array(time[range]), open: Array(open[range]), high: Array(high[range]),
            low: Array(low[range]), close: Array(close[range]), volume: Array(volume[range]))
    }

    /// True when more than 17% of bars fall on a Saturday or Sunday (UTC): a 24/7 market.
    public var tradesOnWeekends: Bool {
        guard count > 0 else { return false }
        var weekend = 0
        for t in time where UTCDate.isWeekend(t) { weekend += 1 }
        return Double(weekend) > 0.17 * Double(count)
    }
}

extension Array where Element == Int64 {
    /// First index whose element satisfies the (monotone) predicate; binary search.
    func partitioningIndex(where predicate: (Int64) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
