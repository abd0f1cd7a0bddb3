import Engine

/// Ticks for a time axis at calendar boundaries, with labels that fit the span: years, months,
/// days or times of day.
public enum DateTicks {
    /// One tick: its time (UTC epoch ms) and label.
    public struct Tick: Sendable, Equatable {
        /// UTC epoch milliseconds.
        public let time: Int64
        /// The label under the axis.
        public let label: String
    }

    enum Unit { case minute, hour, day, month, year }

    static let steps: [(Unit, Int)] = [
        (.minute, 1), (.minute, 5), (.minute, 15), (.minute, 30), (.hour, 1), (.hour, 3), (.hour, 6), (.hour, 12),
        (.day, 1), (.day, 2), (.day, 7), (.month, 1), (.month, 3), (.month, 6),
        (.year, 1), (.year, 2), (.year, 5), (.year, 10), (.year, 20), (.year, 50), (.year, 100),
    ]

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// At most `maxTicks` ticks inside `start...end`, at the finest calendar step that allows it.
    public static func ticks(start: Int64, end: Int64, maxTicks: Int = 7) -> [Tick] {
        guard end > start else { return [Tick(time: start, label: label(start, unit: .day, span: 0))] }
        for (unit, count) in steps {
            let times = generate(start: start, end: end, unit: unit, count: count)
            if times.count <= maxTicks && times.count >= 2 || (unit == .year && count == 100) {
                return times.map { Tick(time: $0, label: label($0, unit: unit, span: end - start)) }
            }
        }
        return []
    }

    static func generate(start: Int64, end: Int64, unit: Unit, count: Int) -> [Int64] {
        var times: [Int64] = []
        switch unit {
        case .minute, .hour, .day:
            let size: Int64 = unit == .minute ? 60_000 : unit == .hour ? 3_600_000 : UTCDate.millisPerDay
            let step = size * Int64(count)
            // Weekly ticks fall on Mondays (epoch day 0 was a Thursday).
            let offset: Int64 = unit == .day && count == 7 ? 4 * UTCDate.millisPerDay : 0
            var t = ((start - offset) / step) * step + offset
            if t < start { t += step }
            while t <= end && times.count <= 1000 {
                times.append(t)
                t += step
            }
        case .month, .year:
            let (y0, m0, d0) = UTCDate.civil(days: UTCDate.day(of: start))
            var year = y0
            var month = m0
            if d0 != 1 || start % UTCDate.millisPerDay != 0 { month += 1 }
            if unit == .year {
                if month != 1 { year += 1 }
                month = 1
                year = ((year + count - 1) / count) * count
            } else {
                if month > 12 {
                    month -= 12
                    year += 1
                }
                while (month - 1) % count != 0 {
                    month += 1
                    if month > 12 {
                        month = 1
                        year += 1
                    }
                }
            }
            while times.count <= 1000 {
                let t = UTCDate.days(year: year, month: month, day: 1) * UTCDate.millisPerDay
                if t > end { break }
                times.append(t)
                if unit == .year {
                    year += count
                } else {
                    month += count
                    while month > 12 {
                        month -= 12
                        year += 1
                    }
                }
            }
        }
        return times
    }

    static func label(_ time: Int64, unit: Unit, span: Int64) -> String {
        let day = UTCDate.day(of: time)
        let (y, m, d) = UTCDate.civil(days: day)
        switch unit {
        case .year: return String(y)
        case .month: return m == 1 || span > 400 * UTCDate.millisPerDay ? "\(monthNames[m - 1]) \(y)" : monthNames[m - 1]
        case .day: return "\(d) \(monthNames[m - 1])"
        case .minute, .hour:
            let rest = time - day * UTCDate.millisPerDay
            if rest == 0 { return "\(d) \(monthNames[m - 1])" }
            let minutes = Int(rest / 60_000)
            return (minutes / 60 < 10 ? "0" : "") + "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
        }
    }
}
