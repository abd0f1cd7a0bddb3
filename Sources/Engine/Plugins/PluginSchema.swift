/// The phases of the plugin funnel, in the order a strategy consults them.
public enum PluginPhase: String, Sendable, CaseIterable {
    /// Entry and exit signals at each close.
    case signalGenerator = "signal_generator"
    /// Stops, targets, trailing stops and time limits of an open position.
    case exitPlanner = "exit_planner"
    /// How many units an entry buys.
    case sizePlanner = "size_planner"
    /// Conditions that must hold for an entry (zero or more).
    case regimeFilter = "regime_filter"
    /// Portfolio-level rules over the equity (zero or more).
    case portfolioOverlay = "portfolio_overlay"

    /// Whether the phase takes a list of plugins rather than exactly one.
    public var isList: Bool { self == .regimeFilter || self == .portfolioOverlay }
}

/// The type of a plugin parameter.
public enum ParamKind: String, Sendable {
    /// A whole number, such as a period in bars.
    case integer
    /// A real number, such as a fraction or a multiplier.
    case number
    /// true or false.
    case boolean
}

/// A parameter value, already checked against its `ParamSpec`.
public enum ParamValue: Sendable, Hashable, CustomStringConvertible {
    /// A whole number.
    case integer(Int)
    /// A real number.
    case number(Double)
    /// A flag.
    case boolean(Bool)

    /// The value as a real number (flags as 0 or 1).
    public var doubleValue: Double {
        switch self {
        case .integer(let v): Double(v)
        case .number(let v): v
        case .boolean(let v): v ? 1 : 0
        }
    }

    public var description: String {
        switch self {
        case .integer(let v): String(v)
        case .number(let v): NumberText.format(v)
        case .boolean(let v): String(v)
        }
    }
}

/// One parameter of a plugin: its name, type, default, allowed range and a one-line doc.
public struct ParamSpec: Sendable {
    /// The key in `params:`.
    public let name: String
    /// The accepted type.
    public let kind: ParamKind
    /// Used when the key is absent.
    public let defaultValue: ParamValue
    /// Smallest allowed value (inclusive unless `minimumExclusive`).
    public let minimum: Double?
    /// Whether `minimum` itself is excluded (for "greater than zero").
    public let minimumExclusive: Bool
    /// Largest allowed value, inclusive.
    public let maximum: Double?
    /// One line for docs and `--help`.
    public let doc: String

    /// Creates a parameter spec.
    public init(_ name: String, _ kind: ParamKind, default defaultValue: ParamValue, min: Double? = nil,
                minExclusive: Bool = false, max: Double? = nil, doc: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.minimum = min
        self.minimumExclusive = minExclusive
        self.maximum = max
        self.doc = doc
    }

    /// The allowed range as text, e.g. `>= 1`, `(0, 1]`, or nil when any value is allowed.
    public var rangeText: String? {
        switch (minimum, maximum) {
        case let (lo?, hi?): return "\(minimumExclusive ? "(" : "[")\(NumberText.format(lo)), \(NumberText.format(hi))]"
        case let (lo?, nil): return "\(minimumExclusive ? ">" : ">=") \(NumberText.format(lo))"
        case let (nil, hi?): return "<= \(NumberText.format(hi))"
        default: return nil
        }
    }

    /// Whether `value` lies in the allowed range.
    public func allows(_ value: Double) -> Bool {
        if let minimum {
            if minimumExclusive ? !(value > minimum) : !(value >= minimum) { return false }
        }
        if let maximum, !(value <= maximum) { return false }
        return true
    }
}

/// A plugin's parameters with every default filled in.
public struct PluginParams: Sendable, Hashable {
    /// Values by parameter name.
    public var values: [String: ParamValue]

    /// Wraps checked values.
    public init(_ values: [String: ParamValue]) { self.values = values }

    /// A whole-number parameter (the registry guarantees the type).
    public func int(_ name: String) -> Int {
        if case .integer(let v)? = values[name] { return v }
        return Int(values[name]?.doubleValue ?? 0)
    }

    /// A real-number parameter.
    public func double(_ name: String) -> Double { values[name]?.doubleValue ?? 0 }

    /// A flag parameter.
    public func bool(_ name: String) -> Bool {
        if case .boolean(let v)? = values[name] { return v }
        return false
    }
}

/// Formats numbers the way Backlab writes them everywhere: integers without `.0`, others in
/// their shortest round-trip form.
public enum NumberText {
    /// `20` for 20.0, `0.1` for 0.1, `1e-07` stays as Swift prints it.
    public static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
