import Engine
import Study

/// The VariantTestService's comparison of a study's variants.
public struct VariantComparison: Sendable, Equatable {
    /// The compared metrics, in order.
    public let metrics: [MetricID]
    /// For each metric, the variants (indices) with the best value (ties share it).
    public let best: [MetricID: [Int]]
    /// Each variant's differences from the baseline: dotted path, baseline value, variant value.
    public let differences: [[Difference]]
    /// Over several markets: the comparison on each market, in run.yaml's order.
    public var perMarket: [VariantComparison] = []
    /// Over several markets: the all-rounder ranking.
    public var allRounder: AllRounder?

    /// One setting that differs from the baseline.
    public struct Difference: Sendable, Equatable {
        /// Dotted path in the resolved config.
        public let path: String
        /// The baseline's value ("-" when the baseline has no such setting).
        public let baseline: String
        /// The variant's value ("-" when it has none).
        public let variant: String
    }
}

/// Compares variants head to head on the same data.
public enum VariantTestService {
    /// Compares the variant part of `study` (outcomes after its grid points); with several markets
    /// `outcomes` are each configuration's aggregate and `perMarket[c][m]` configuration c's run on
    /// market m, and the comparison adds each market's and the all-rounder ranking.
    public static func compare(_ study: StudyDefinition, outcomes: [RunOutcome], perMarket: [[RunOutcome]]? = nil) -> VariantComparison? {
        guard let spec = study.variants else { return nil }
        var comparison = compare(spec, outcomes: outcomes, offset: study.gridPoints.count)
        guard let perMarket else { return comparison }
        let offset = study.gridPoints.count
        comparison.perMarket = study.markets.indices.map { m in compare(spec, outcomes: perMarket.map { $0[m] }, offset: offset) }
        comparison.allRounder = AllRounder(
            values: spec.variants.indices.map { v in perMarket[offset + v].map { run in spec.metrics.map { run.metrics?[$0] } } },
            higherIsBetter: spec.metrics.map { MetricRegistry.definition($0).direction == .higher }, baseline: spec.baseline)
        return comparison
    }

    /// The comparison of `spec`'s variants on `outcomes` (the variants' from `offset` on).
    static func compare(_ spec: VariantSpec, outcomes: [RunOutcome], offset: Int) -> VariantComparison {
        var best: [MetricID: [Int]] = [:]
        for metric in spec.metrics {
            let higher = MetricRegistry.definition(metric).direction == .higher
            var winners: [Int] = []
            var top: Double?
            for index in spec.variants.indices {
                guard let value = outcomes[offset + index].metrics?[metric] else { continue }
                if top == nil || (higher ? value > top! : value < top!) {
                    top = value
                    winners = [index]
                } else if value == top {
                    winners.append(index)
                }
            }
            best[metric] = winners
        }
        let baseline = ConfigLeaves.of(spec.variants[spec.baseline].config)
        let differences = spec.variants.map { variant in
            let leaves = ConfigLeaves.of(variant.config)
            return Set(baseline.keys).union(leaves.keys).sorted().compactMap { path -> VariantComparison.Difference? in
                let a = baseline[path]
                let b = leaves[path]
                return a == b ? nil : .init(path: path, baseline: a ?? "-", variant: b ?? "-")
            }
        }
        return VariantComparison(metrics: spec.metrics, best: best, differences: differences)
    }
}

/// A config flattened to dotted paths and their values, for listing differences.
enum ConfigLeaves {
    static func of(_ config: AppConfig) -> [String: String] {
        var leaves: [String: String] = [:]
        func walk(_ json: JSONValue, _ path: String) {
            switch json {
            case .object(let members):
                for (key, value) in members { walk(value, path.isEmpty ? key : "\(path).\(key)") }
            case .array(let items):
                for (i, item) in items.enumerated() { walk(item, "\(path).\(i)") }
            default:
                leaves[path] = json.text().replacingOccurrences(of: "\"", with: "")
            }
        }
        walk(config.describedJSON, "")
        return leaves
    }
}
