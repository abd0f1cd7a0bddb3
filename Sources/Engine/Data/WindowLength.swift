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

    /// `millis` moved forward by `times` durations of this length on the UTC calendar: months and
    /// years keep the day of the month (clamped to the month's last day) and the time of day. Nil
    /// for a bar count.
    public func advance(_ millis: Int64, times: Int = 1) -> Int64? {
        guard case .duration(let count, let unit) = self else { return nil }
        let n = count * times
        switch unit {
        case .days: return millis + Int64(n) * UTCDate.millisPerDay
        case .weeks: return millis + Int64(n) * 7 * UTCDate.millisPerDay
        case .months, .years:
            let months = unit == .years ? n * 12 : n
            let day = UTCDate.day(of: millis)
            let timeOfDay = millis - day * UTCDate.millisPerDay
            let (y, m, d) = UTCDate.civil(days: day)
            let total = y * 12 + (m - 1) + months
            let year = Int((Double(total) / 12).rounded(.down))
            let month = total - year * 12 + 1
            var clamped = d
            while clamped > 28 && !UTCDate.isValid(year: year, month: month, day: clamped) { clamped -= 1 }
            return UTCDate.days(year: year, month: month, day: clamped) * UTCDate.millisPerDay + timeOfDay
        }
    }
}
