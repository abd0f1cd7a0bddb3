import Engine
import Foundation

/// One study folder, read and validated: its run.yaml and, when present, its grid and variants.
public struct StudyDefinition: Sendable {
    /// The folder name: the study's id and its URL.
    public let id: String
    /// The folder.
    public let folder: URL
    /// run.yaml as resolved.
    public let base: AppConfig
    /// The grid, from optimization.yaml.
    public let optimization: OptimizationSpec?
    /// The grid's points (one value per parameter), in grid order.
    public let gridPoints: [[ConfigValue]]
    /// The variants, from variant.yaml.
    public let variants: VariantSpec?
    /// The walk-forward, from walkforward.yaml (always with a grid).
    public let walkForward: WalkForwardSpec?

    /// What the study's page shows first.
    public enum Kind: String, Sendable {
        /// run.yaml alone.
        case single
        /// A grid.
        case optimization
        /// Variants.
        case variants
        /// A grid and variants.
        case optimizationAndVariants = "optimization+variants"
    }

    /// The study's kind.
    public var kind: Kind {
        switch (optimization != nil, variants != nil) {
        case (true, true): .optimizationAndVariants
        case (true, false): .optimization
        case (false, true): .variants
        case (false, false): .single
        }
    }

    /// Every run the study asks for, in order: grid points, then variants; or the single run.
    public var runCount: Int {
        let count = gridPoints.count + (variants?.variants.count ?? 0)
        return count == 0 ? 1 : count
    }

    /// The config of run `index` (built on demand, so a 100,000-point grid does not hold 100,000 configs).
    public func config(at index: Int) -> AppConfig {
        if index < gridPoints.count, let optimization {
            var config = base
            for (parameter, value) in zip(optimization.parameters, gridPoints[index]) { parameter.path.set(value, in: &config) }
            return config
        }
        if let variants { return variants.variants[index - gridPoints.count].config }
        return base
    }

    /// A short label of run `index`: `fast=10 slow=30`, a variant's name, or `run`.
    public func label(at index: Int) -> String {
        if index < gridPoints.count, let optimization {
            return zip(optimization.parameters, gridPoints[index]).map { "\($0.name)=\($1)" }.joined(separator: " ")
        }
        if let variants { return variants.variants[index - gridPoints.count].name }
        return "run"
    }
}
