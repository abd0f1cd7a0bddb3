/// A bar length such as `1m`, `15m`, `1h`, `4h`, `1d` or `1w`.
public struct Timeframe: Sendable, Hashable, CustomStringConvertible {
    /// The length of one bar in milliseconds.
    public let millis: Int64
    /// The text the user wrote, e.g. `1h`; used in file names.
    public let text: String

    /// Parses `<count><unit>` with unit s, m, h, d or w; nil for anything else.
    public init?(_ text: String) {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0, count <= 100_000 else { return nil }
        let unitMillis: Int64
        switch unit {
        case "s": unitMillis = 1000
        case "m": unitMillis = 60_000
        case "h": unitMillis = 3_600_000
        case "d": unitMillis = UTCDate.millisPerDay
        case "w": unitMillis = 7 * UTCDate.millisPerDay
        default: return nil
        }
        self.millis = count * unitMillis
        self.text = text
    }

    /// Whether bars are a day or longer.
    public var isDailyOrLonger: Bool { millis >= UTCDate.millisPerDay }

    public var description: String { text }
}
