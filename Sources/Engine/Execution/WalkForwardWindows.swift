/// A stretch of bars that runs trade on, as a trading range of the same data (DESIGN section 8):
/// `data.trade_start` and `data.end`, so indicators are warm from the bars before it.
public struct TradingRange: Sendable, Hashable {
    /// The bars it holds (indices into the loaded bars).
    public let bars: Range<Int>
    /// Its runs' `data.trade_start`.
    public let tradeStart: Int64
    /// Its runs' `data.end` (inclusive).
    public let end: Int64

    /// A range.
    public init(bars: Range<Int>, tradeStart: Int64, end: Int64) {
        self.bars = bars
        self.tradeStart = tradeStart
        self.end = end
    }
}

/// One walk-forward window: the grid runs on the in-sample range, the chosen configuration on the
/// out-of-sample range that follows it.
public struct WalkForwardWindow: Sendable, Hashable {
    /// The in-sample range.
    public let inSample: TradingRange
    /// The out-of-sample range.
    public let outOfSample: TradingRange
}

/// Cuts bars into walk-forward windows (DESIGN section 8). Window k's boundaries are the first
/// trade plus one offset each: its rolling start k steps on, its in-sample end `in_sample` after
/// that, its out-of-sample end `out_of_sample` after that (durations on the UTC calendar, months
/// before days, from the first trade itself, so months never drift; bar counts in bars). Its
/// in-sample range runs from its rolling start (anchored: from the first trade). A window whose step
/// is its out-of-sample length ends exactly where the next one's out-of-sample range starts. A range
/// starts at the first bar at or after its boundary. Only complete windows are made: the data must
/// reach a window's end (all its bars for a bar count; for a duration, a last bar at most one bar
/// length before its end, weekends skipped for data that has no weekend bars).
public enum WalkForwardWindows {
    /// What the windows are made of.
    public struct Settings: Sendable {
        /// In-sample length.
        public var inSample: WindowLength
        /// Out-of-sample length.
        public var outOfSample: WindowLength
        /// How far each window moves on from the previous one.
        public var step: WindowLength
        /// Whether every in-sample range starts at the first trade.
        public var anchored: Bool
        /// Where the first in-sample range starts trading (nil: at the first bar).
        public var firstTrade: Int64?

        /// Settings.
        public init(inSample: WindowLength, outOfSample: WindowLength, step: WindowLength, anchored: Bool, firstTrade: Int64?) {
            self.inSample = inSample
            self.outOfSample = outOfSample
            self.step = step
            self.anchored = anchored
            self.firstTrade = firstTrade
        }
    }

    /// Why no windows can be made.
    public enum Problem: Error, Equatable {
        /// The first trade is after the last bar.
        case firstTradeAfterData(lastBar: Int64)
        /// Not even the first window fits: it would end at `windowEnd` (a time) or after `bars`
        /// bars, but the data ends at `lastBar` with `barCount` bars from the first trade.
        case noWindowFits(windowEnd: Int64?, bars: Int?, lastBar: Int64, barCount: Int)
        /// A window's range holds fewer than 2 bars.
        case tooFewBars(outOfSample: Bool, window: Int, bars: Int)
        /// Window `window`'s out-of-sample range overlaps the next one's (the step is shorter than it).
        case overlapping(window: Int)
        /// More windows than `limit`.
        case tooMany(limit: Int)
        /// The lengths are not all of one kind: `step` (else `out_of_sample`) differs from the others.
        case mixedKinds(step: Bool)
        /// The first trade is so far before the first bar that the first in-sample range holds
        /// fewer than 2 bars.
        case firstTradeBeforeData(firstBar: Int64)
    }

    /// The most windows made.
    public static let limit = 10_000

    /// The complete windows over bars at `times` (increasing UTC epoch ms).
    public static func windows(times: [Int64], settings: Settings) throws(Problem) -> [WalkForwardWindow] {
        guard let lastBar = times.last else { throw .noWindowFits(windowEnd: nil, bars: nil, lastBar: 0, barCount: 0) }
        guard settings.inSample.isBars == settings.outOfSample.isBars else { throw .mixedKinds(step: false) }
        guard settings.step.isBars == settings.outOfSample.isBars else { throw .mixedKinds(step: true) }
        let boundaries = Boundaries(times: times)
        let first: Boundary
        if let firstTrade = settings.firstTrade {
            guard firstTrade <= lastBar else { throw .firstTradeAfterData(lastBar: lastBar) }
            first = boundaries.at(time: firstTrade)
        } else {
            first = boundaries.at(index: 0)
        }
        let (step, inSample, outOfSample) = (settings.step.offset, settings.inSample.offset, settings.outOfSample.offset)
        var result: [WalkForwardWindow] = []
        var k = 0
        while true {
            let shift = step.scaled(by: k)
            guard let start = boundaries.at(first, moved: shift), let inSampleEnd = boundaries.at(first, moved: shift + inSample),
                let outOfSampleEnd = boundaries.at(first, moved: shift + inSample + outOfSample), boundaries.isReached(outOfSampleEnd)
            else { break }
            let inSampleStart = settings.anchored ? first : start
            let window = WalkForwardWindow(
                inSample: boundaries.range(from: inSampleStart, to: inSampleEnd),
                outOfSample: boundaries.range(from: inSampleEnd, to: outOfSampleEnd))
            for (range, outOfSample) in [(window.inSample, false), (window.outOfSample, true)] where range.bars.count < 2 {
                if k == 0, !outOfSample, let firstTrade = settings.firstTrade, firstTrade < times[0] {
                    throw .firstTradeBeforeData(firstBar: times[0])
                }
                throw .tooFewBars(outOfSample: outOfSample, window: k, bars: range.bars.count)
            }
            if let previous = result.last, previous.outOfSample.bars.upperBound > window.outOfSample.bars.lowerBound {
                throw .overlapping(window: k - 1)
            }
            result.append(window)
            guard result.count <= limit else { throw .tooMany(limit: limit) }
            k += 1
        }
        guard !result.isEmpty else {
            // What the first window needs: a number of bars, or an end on the calendar.
            let end = inSample + outOfSample
            let calendar = end.isCalendar ? (first.calendarTime ?? times[min(first.index, times.count - 1)]) : nil
            throw .noWindowFits(
                windowEnd: calendar.flatMap { end.apply(to: $0) }, bars: end.isCalendar ? nil : end.bars, lastBar: lastBar,
                barCount: times.count - first.index)
        }
        return result
    }

    /// A window boundary: the index of the first bar at or after it and, for a duration, its
    /// calendar time.
    struct Boundary {
        let index: Int
        let calendarTime: Int64?
    }

    struct Boundaries {
        let times: [Int64]
        /// The shortest time between two bars: one bar's length.
        let spacing: Int64

        /// Whether no bar falls on a Saturday or Sunday (UTC).
        let weekdaysOnly: Bool

        init(times: [Int64]) {
            self.times = times
            spacing = zip(times.dropFirst(), times).map { $0 - $1 }.filter { $0 > 0 }.min() ?? 0
            weekdaysOnly = !times.contains(where: UTCDate.isWeekend)
        }

        func at(index: Int) -> Boundary { Boundary(index: index, calendarTime: nil) }

        func at(time: Int64) -> Boundary {
            var low = 0
            var high = times.count
            while low < high {
                let middle = (low + high) / 2
                if times[middle] < time { low = middle + 1 } else { high = middle }
            }
            return Boundary(index: low, calendarTime: time)
        }

        /// `first` moved on by `offset`; nil when that leaves the data (bars past the end, or the
        /// calendar's range).
        func at(_ first: Boundary, moved offset: WindowLength.Offset) -> Boundary? {
            if offset == WindowLength.Offset() { return first }
            if offset.isCalendar {
                guard let base = first.calendarTime ?? (first.index < times.count ? times[first.index] : nil),
                    let moved = offset.apply(to: base)
                else { return nil }
                return at(time: moved)
            }
            guard offset.bars >= 0, first.index <= times.count - offset.bars else { return nil }
            return at(index: first.index + offset.bars)
        }

        /// Whether the data reaches a window's end: a bar count within the bars; a duration's end
        /// at most one bar after the last bar, for data without weekend bars the last weekday
        /// before it (a window that ends on a Monday is complete with Friday's bar).
        func isReached(_ end: Boundary) -> Bool {
            guard let time = end.calendarTime else { return end.index <= times.count }
            var due = time - spacing
            if weekdaysOnly {
                while UTCDate.isWeekend(due) { due -= UTCDate.millisPerDay }
            }
            return times.last! >= due
        }

        /// The trading range from one boundary up to (not including) the next: a duration's range
        /// starts at its calendar time and ends a millisecond before the next; a bar count's from
        /// its first bar's time to its last bar's.
        func range(from start: Boundary, to end: Boundary) -> TradingRange {
            let tradeStart = start.calendarTime ?? times[min(start.index, times.count - 1)]
            let last = end.calendarTime.map { $0 - 1 } ?? times[max(0, end.index - 1)]
            return TradingRange(bars: start.index..<max(start.index, end.index), tradeStart: tradeStart, end: last)
        }
    }
}
