/// Calendar arithmetic on UTC epoch milliseconds, without Foundation, so it is exact and fast.
///
/// Uses the days-from-civil algorithm of the proleptic Gregorian calendar.
public enum UTCDate {
    /// Milliseconds in one day.
    public static let millisPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 of a civil date.
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number.
    public static func civil(days z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// The UTC day number of a time.
    @inline(__always)
    public static func day(of millis: Int64) -> Int64 {
        millis >= 0 ? millis / millisPerDay : (millis - millisPerDay + 1) / millisPerDay
    }

    /// Whether a time falls on a Saturday or Sunday, UTC.
    public static func isWeekend(_ millis: Int64) -> Bool {
        weekday(ofDay: day(of: millis)) >= 5
    }

    /// 0 = Monday ... 6 = Sunday. 1970-01-01 was a Thursday.
    public static func weekday(ofDay day: Int64) -> Int {
        Int(((day % 7) + 7 + 3) % 7)
    }

    /// Whether a year/month/day triple exists.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return day <= lengths[month - 1] + (month == 2 && leap ? 1 : 0)
    }

    /// ISO-8601 text: `2020-01-02` for midnight when `dateOnly`, else `2020-01-02T09:30:00Z`
    /// (with milliseconds only when there are any).
    public static func iso8601(_ millis: Int64, dateOnly: Bool = false) -> String {
        let dayNumber = day(of: millis)
        let (y, m, d) = civil(days: dayNumber)
        var text = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
        let rest = millis - dayNumber * millisPerDay
        if dateOnly && rest == 0 { return text }
        let seconds = rest / 1000
        let ms = rest % 1000
        text += "T" + pad(Int(seconds / 3600), 2) + ":" + pad(Int(seconds / 60 % 60), 2) + ":" + pad(Int(seconds % 60), 2)
        if ms != 0 { text += "." + pad(Int(ms), 3) }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
