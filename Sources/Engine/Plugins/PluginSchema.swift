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

    /// The type of the value.
    public var kind: ParamKind {
        switch self {
        case .integer: .integer
        case .number: .number
        case .boolean: .boolean
        }
    }

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
    public init(
        _ name: String, _ kind: ParamKind, default defaultValue: ParamValue, min: Double? = nil,
        minExclusive: Bool = false, max: Double? = nil, doc: String
    ) {
        precondition(defaultValue.kind == kind, "plugin parameter '\(name)' is \(kind.rawValue) but its default \(defaultValue) is not")
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
        case (let lo?, let hi?): return "\(minimumExclusive ? "(" : "[")\(NumberText.format(lo)), \(NumberText.format(hi))]"
        case (let lo?, nil): return "\(minimumExclusive ? ">" : ">=") \(NumberText.format(lo))"
        case (nil, let hi?): return "<= \(NumberText.format(hi))"
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
///
/// Every parameter of the schema is always present, so reading a name that is absent, or reading
/// a parameter as another type than its own, is a mistake in a plugin's code: it stops the program
/// (`preconditionFailure`) instead of quietly reading 0 or false. The registry test builds every
/// plugin with its defaults and runs it, so such a mistake fails the test suite.
public struct PluginParams: Sendable, Hashable {
    /// Values by parameter name.
    public var values: [String: ParamValue]

    /// Wraps checked values.
    public init(_ values: [String: ParamValue]) { self.values = values }

    /// The parameter `name`, of whatever type.
    public func value(_ name: String) -> ParamValue {
        guard let value = values[name] else {
            preconditionFailure("no plugin parameter '\(name)'; the parameters are: \(values.keys.sorted().joined(separator: ", "))")
        }
        return value
    }

    /// A whole-number parameter.
    public func int(_ name: String) -> Int {
        guard case .integer(let v) = value(name) else { mismatch(name, .integer) }
        return v
    }

    /// A real-number parameter.
    public func double(_ name: String) -> Double {
        guard case .number(let v) = value(name) else { mismatch(name, .number) }
        return v
    }

    /// A flag parameter.
    public func bool(_ name: String) -> Bool {
        guard case .boolean(let v) = value(name) else { mismatch(name, .boolean) }
        return v
    }

    private func mismatch(_ name: String, _ read: ParamKind) -> Never {
        let actual = value(name)
        preconditionFailure("plugin parameter '\(name)' is \(actual.kind.rawValue) (\(actual)), but was read as \(read.rawValue)")
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
