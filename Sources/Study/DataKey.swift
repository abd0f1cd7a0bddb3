import Engine

/// A key of run.yaml's `data` section that a grid may vary (DESIGN section 8): the loaded range
/// (`start`, `end`), the trading range's start (`trade_start`), the file, or a key of the
/// synthetic source. Dates travel as text (`2016-01-01`), so tables and labels show them as
/// written; a bare date as `end` covers its whole day, as in run.yaml.
enum DataKey: Hashable, Sendable {
    case start
    case end
    case tradeStart
    case file
    case synthetic(SyntheticKey)

    /// The keys of the synthetic source.
    enum SyntheticKey: String, CaseIterable, Sendable {
        case seed, bars, timeframe, start, drift, volatility, momentum
        case startPrice = "start_price"
        case tick, calendar
    }

    /// The key that `segments` (after `data.`) name for a section like `data`; nil when they name
    /// none (a synthetic key on file data, a file on synthetic data).
    init?(_ segments: [String], in data: DataConfig) {
        switch (segments.first, segments.count) {
        case ("start", 1): self = .start
        case ("end", 1): self = .end
        case ("trade_start", 1): self = .tradeStart
        case ("file", 1):
            guard case .file = data.source else { return nil }
            self = .file
        case ("synthetic", 2):
            guard case .synthetic = data.source, let key = SyntheticKey(rawValue: segments[1]) else { return nil }
            self = .synthetic(key)
        default: return nil
        }
    }

    /// Every path after `data.` valid for `data`, for "did you mean".
    static func candidates(for data: DataConfig) -> [String] {
        var keys = ["start", "end", "trade_start"]
        switch data.source {
        case .file: keys.append("file")
        case .synthetic: keys += SyntheticKey.allCases.map { "synthetic.\($0.rawValue)" }
        }
        return keys
    }

    /// The value in `data`.
    func value(in data: DataConfig) -> ConfigValue? {
        switch self {
        case .start: return data.start.map { .text(DateText.start($0)) }
        case .tradeStart: return data.tradeStart.map { .text(DateText.start($0)) }
        case .end: return data.end.map { .text(DateText.end($0)) }
        case .file:
            guard case .file(let path, let shown) = data.source else { return nil }
            return .file(path: path, shown: shown)
        case .synthetic(let key):
            guard case .synthetic(let source) = data.source else { return nil }
            switch key {
            case .seed: return .param(.integer(Int(truncatingIfNeeded: source.seed)))
            case .bars: return .param(.integer(source.bars))
            case .timeframe: return .text(source.timeframe.description)
            case .start: return .text(DateText.start(source.start))
            case .drift: return .param(.number(source.drift))
            case .volatility: return .param(.number(source.volatility))
            case .momentum: return .param(.number(source.momentum))
            case .startPrice: return .param(.number(source.startPrice))
            case .tick: return .param(.number(source.tick))
            case .calendar: return .text(source.calendar.rawValue)
            }
        }
    }

    /// Writes a value already validated for this key (by decoding run.yaml with it).
    func set(_ value: ConfigValue, in data: inout DataConfig) {
        switch (self, value) {
        case (.start, .text(let text)): data.start = TimestampParser.parse(text)?.millis
        case (.tradeStart, .text(let text)): data.tradeStart = TimestampParser.parse(text)?.millis
        case (.end, .text(let text)):
            data.end = TimestampParser.parse(text).map(Self.endMillis)
        case (.file, .file(let path, let shown)): data.source = .file(path: path, displayPath: shown)
        case (.synthetic(let key), _):
            guard case .synthetic(var source) = data.source else { return }
            switch (key, value) {
            case (.seed, .param(let p)): source.seed = UInt64(truncatingIfNeeded: Int(p.doubleValue))
            case (.bars, .param(let p)): source.bars = Int(p.doubleValue)
            case (.timeframe, .text(let t)): source.timeframe = Timeframe(t) ?? source.timeframe
            case (.start, .text(let t)): source.start = TimestampParser.parse(t)?.millis ?? source.start
            case (.drift, .param(let p)): source.drift = p.doubleValue
            case (.volatility, .param(let p)): source.volatility = p.doubleValue
            case (.momentum, .param(let p)): source.momentum = p.doubleValue
            case (.startPrice, .param(let p)): source.startPrice = p.doubleValue
            case (.tick, .param(let p)): source.tick = p.doubleValue
            case (.calendar, .text(let t)): source.calendar = SyntheticSource.Calendar(rawValue: t) ?? source.calendar
            default: break
            }
            data.source = .synthetic(source)
        default: break
        }
    }

    /// The last millisecond an `end` covers: a bare date's whole day, else the time itself.
    static func endMillis(_ parsed: TimestampParser.Parsed) -> Int64 {
        parsed.isDateOnly ? parsed.millis + UTCDate.millisPerDay - 1 : parsed.millis
    }

}
