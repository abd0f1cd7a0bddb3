import Engine

/// How metric values are written for people, on pages, in charts and in `backlab run`'s summary:
/// one rule per unit (percentages as `ValueFormat.percent`, money grouped, and so on).
public enum MetricText {
    /// The format of a metric's values, from its unit.
    public static func format(for id: MetricID) -> ValueFormat {
        switch MetricRegistry.definition(id).unit {
        case .fraction: .percent
        case .ratio: .ratio
        case .money: .money
        case .bars: .decimal1
        case .count: .count
        }
    }

    /// A metric's value as text; "n/a" when it is undefined.
    public static func text(_ value: Double?, _ id: MetricID) -> String { format(for: id).format(value) }

    /// The raw value for sorting ("" when undefined: sorted last).
    public static func raw(_ value: Double?) -> String { value.map(NumberText.format) ?? "" }
}
