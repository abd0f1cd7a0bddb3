/// Parses the timestamps Backlab accepts in CSV files and in `start`/`end`.
///
/// Accepted: ISO-8601 dates (`2020-01-02`), date-times with `T` or a space, optional seconds and
/// fraction, and `Z` or an offset (`+01:00`, `-0500`); a date-time without zone is UTC. Plain
/// integers are epoch seconds, or epoch milliseconds when their magnitude is 1e11 or more
/// (1e11 seconds would be the year 5138).
public enum TimestampParser {
    /// A parsed time and whether it was a bare date (so that an inclusive `end` can cover the day).
    public struct Parsed: Sendable, Equatable {
        /// UTC epoch milliseconds.
        public var millis: Int64
        /// True for `YYYY-MM-DD` without a time of day.
        public var isDateOnly: Bool
    }

    /// Parses text; nil when it is not a timestamp in one of the accepted forms.
    public static func parse(_ text: String) -> Parsed? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// Parses bytes (no surrounding spaces); nil when they are not a timestamp.
    public static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Parsed? {
        let n = s.count
        guard n > 0 else { return nil }
        if n >= 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-") {
            return parseISO(s)
        }
        return parseEpoch(s)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 48 && byte <= 57 ? Int(byte - 48) : nil
    }

    private static func number(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int? {
        guard start + length <= s.count else { return nil }
        var value = 0
        for i in start..<(start + length) {
            guard let d = digit(s[i]) else { return nil }
            value = value * 10 + d
        }
        return value
    }

    private static func parseEpoch(_ s: UnsafeBufferPointer<UInt8>) -> Parsed? {
        var i = 0
        var negative = false
        if s[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        guard i < s.count, s.count - i <= 17 else { return nil }
        var value: Int64 = 0
        while i < s.count {
            guard let d = digit(s[i]) else { return nil }
            value = value * 10 + Int64(d)
            i += 1
        }
        if negative { value = -value }
        let millis = abs(value) >= 100_000_000_000 ? value : value * 1000
        return Parsed(millis: millis, isDateOnly: false)
    }

    private static func parseISO(_ s: UnsafeBufferPointer<UInt8>) -> Parsed? {
        guard let year = number(s, 0, 4), let month = number(s, 5, 2), let day = number(s, 8, 2),
            UTCDate.isValid(year: year, month: month, day: day)
        else { return nil }
        let dayMillis = UTCDate.days(year: year, month: month, day: day) * UTCDate.millisPerDay
        if s.count == 10 { return Parsed(millis: dayMillis, isDateOnly: true) }
        guard s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " "),
            let hour = number(s, 11, 2), s.count >= 16, s[13] == UInt8(ascii: ":"),
            let minute = number(s, 14, 2), hour < 24, minute < 60
        else { return nil }
        var i = 16
        var second = 0
        var millis = 0
        if i < s.count, s[i] == UInt8(ascii: ":") {
            guard let sec = number(s, i + 1, 2), sec < 60 else { return nil }
            second = sec
            i += 3
            if i < s.count, s[i] == UInt8(ascii: ".") {
                i += 1
                var scale = 100
                var digits = 0
                while i < s.count, let d = digit(s[i]) {
                    millis += d * scale
                    scale /= 10
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
            }
        }
        var offsetMinutes = 0
        if i < s.count {
            let sign = s[i]
            if sign == UInt8(ascii: "Z") {
                i += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let oh = number(s, i + 1, 2) else { return nil }
                var j = i + 3
                if j < s.count, s[j] == UInt8(ascii: ":") { j += 1 }
                guard let om = number(s, j, 2), oh < 24, om < 60 else { return nil }
                offsetMinutes = (oh * 60 + om) * (sign == UInt8(ascii: "+") ? 1 : -1)
                i = j + 2
            } else {
                return nil
            }
        }
        guard i == s.count else { return nil }
        let seconds = Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
        return Parsed(millis: dayMillis + seconds * 1000 + Int64(millis), isDateOnly: false)
    }
}
