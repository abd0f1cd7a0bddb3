/// The length of a walk-forward window or step (DESIGN section 8): a number of bars, or a calendar
/// duration in days, weeks, months or years.
public enum WindowLength: Sendable, Hashable, CustomStringConvertible {
    /// A number of bars.
    case bars(Int)
    /// A calendar duration.
    case duration(Int, CalendarUnit)

    /// A unit of calendar time.
    public enum CalendarUnit: String, Sendable, Hashable, CaseIterable {
        case days = "d"
        case weeks = "w"
        case months = "mo"
        case years = "y"
    }

    /// Parses `756` (bars) or `3y`, `6mo`, `2w`, `30d`; nil for anything else (a count must be a
    /// whole number from 1 to 1,000,000).
    public init?(_ text: String) {
        if let bars = Int(text) {
            guard (1...1_000_000).contains(bars) else { return nil }
            self = .bars(bars)
            return
        }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard let count = Int(digits), (1...1_000_000).contains(count),
            let unit = CalendarUnit(rawValue: String(text.dropFirst(digits.count)))
        else { return nil }
        self = .duration(count, unit)
    }

    public var description: String {
        switch self {
        case .bars(let n): "\(n)"
        case .duration(let n, let unit): "\(n)\(unit.rawValue)"
        }
    }

    /// Whether this is a number of bars (not a calendar duration).
    public var isBars: Bool {
        if case .bars = self { return true }
        return false
    }

    /// The length as an offset: months (a year is 12), days (a week is 7) or bars.
    public var offset: Offset {
        switch self {
        case .bars(let n): Offset(bars: n)
        case .duration(let n, .days): Offset(days: n)
        case .duration(let n, .weeks): Offset(days: 7 * n)
        case .duration(let n, .months): Offset(months: n)
        case .duration(let n, .years): Offset(months: 12 * n)
        }
    }

    /// `millis` moved forward by `times` durations of this length on the UTC calendar (see
    /// `Offset.apply`); nil for a bar count.
    public func advance(_ millis: Int64, times: Int = 1) -> Int64? {
        isBars ? nil : offset.scaled(by: times).apply(to: millis)
    }

    /// Months, days and bars from a boundary. Walk-forward boundaries are the first trade plus one
    /// offset each (window k ends at first + k·step + in_sample), never one boundary moved on from
    /// another, so the calendar's clamping (31 January + 1 month = 28 February) cannot drift from
    /// window to window, and a window whose step is its out-of-sample length ends exactly where
    /// the next one's out-of-sample range starts.
    public struct Offset: Sendable, Hashable {
        /// Calendar months.
        public var months = 0
        /// Days.
        public var days = 0
        /// Bars.
        public var bars = 0

        /// An offset.
        public init(months: Int = 0, days: Int = 0, bars: Int = 0) {
            self.months = months
            self.days = days
            self.bars = bars
        }

        /// Both offsets added.
        public static func + (a: Offset, b: Offset) -> Offset {
            Offset(months: a.months &+ b.months, days: a.days &+ b.days, bars: a.bars &+ b.bars)
        }

        /// The offset `times` times over.
        public func scaled(by times: Int) -> Offset {
            Offset(months: months &* times, days: days &* times, bars: bars &* times)
        }

        /// Whether it holds no calendar part.
        public var isCalendar: Bool { months != 0 || days != 0 }

        /// `millis` moved on by the months (keeping the day of the month, clamped to the month's
        /// last day, and the time of day), then the days; nil when that leaves the calendar's
        /// range (years beyond ±1,000,000).
        public func apply(to millis: Int64) -> Int64? {
            let day = UTCDate.day(of: millis)
            let timeOfDay = millis - day * UTCDate.millisPerDay
            let (y, m, d) = UTCDate.civil(days: day)
            let total = y * 12 + (m - 1) + months
            let year = Int((Double(total) / 12).rounded(.down))
            guard abs(year) < 1_000_000, abs(days) < 400_000_000 else { return nil }
            let month = total - year * 12 + 1
            var clamped = d
            while clamped > 28 && !UTCDate.isValid(year: year, month: month, day: clamped) { clamped -= 1 }
            return (UTCDate.days(year: year, month: month, day: clamped) + Int64(days)) * UTCDate.millisPerDay + timeOfDay
        }
    }
}
