import Foundation

/// How numbers are written on axes, in cells and in tables.
public enum ValueFormat: String, Sendable {
    /// A fraction as a percentage: 0.1234 -> 12.34%.
    case percent
    /// Money with thousands separators: 12345.6 -> 12,345.60.
    case money
    /// A ratio with two decimals.
    case ratio
    /// A whole count.
    case count
    /// A number with one decimal.
    case decimal1
    /// The shortest form.
    case plain

    /// The text of a value; "n/a" for nil or non-finite.
    public func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        switch self {
        case .percent: return Self.fixed(value * 100, abs(value) >= 10 ? 0 : abs(value) >= 1 ? 1 : 2) + "%"  // 12.35%, 150.0%, 1250%
        case .money: return Self.grouped(value, 2)
        case .ratio: return Self.fixed(value, 2)
        case .count: return Self.grouped(value, 0)
        case .decimal1: return Self.fixed(value, 1)
        case .plain:
            if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        }
    }

    /// An axis label: as few decimals as the tick step needs.
    public func axisLabel(_ value: Double, step: Double) -> String {
        switch self {
        case .percent: return Self.fixed(value * 100, Self.decimals(step: step * 100)) + "%"
        case .money, .count: return Self.grouped(value, Self.decimals(step: step))
        default: return Self.fixed(value, Self.decimals(step: step))
        }
    }

    /// The decimals a tick step needs, 0 to 12; a step that is not a positive finite number (the
    /// log axis of an equity that fell to almost nothing underflows to 0) gets 12, never a trap.
    static func decimals(step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 12 }
        return min(12, max(0, -Int(floor(log10(step) + 1e-9))))
    }

    /// `value` with `digits` decimals, rounded half away from zero, without "-0".
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        let scale = pow(10.0, Double(digits))
        let rounded = (abs(value) * scale).rounded() / scale
        let sign = value < 0 && rounded != 0 ? "-" : ""
        let whole = rounded.rounded(.down)
        var text = String(Int64(whole))
        if digits > 0 {
            var fraction = String(Int64(((rounded - whole) * scale).rounded()))
            while fraction.count < digits { fraction = "0" + fraction }
            text += "." + fraction
        }
        return sign + text
    }

    /// `fixed` with thousands separators in the whole part.
    public static func grouped(_ value: Double, _ digits: Int) -> String {
        let text = fixed(value, digits)
        guard abs(value) >= 1000, abs(value) < 1e15 else { return text }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var whole = Array(parts[0])
        var i = whole.count - 3
        while i > 0 {
            whole.insert(",", at: i)
            i -= 3
        }
        return (negative ? "-" : "") + String(whole) + (parts.count > 1 ? "." + parts[1] : "")
    }
}
