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
    /// The markets every configuration runs on (one for a run.yaml with one data section).
    public let markets: [Market]
    /// Whether run.yaml lists several markets, so that each run's data is its market's (still so
    /// when `keeping(markets:)` leaves one of them).
    public let listsMarkets: Bool
    /// The markets run.yaml lists that this build left out (their data could not be read).
    public private(set) var leftOutMarkets: [String] = []

    /// A study; `listsMarkets` is set when there are several markets.
    init(
        id: String, folder: URL, base: AppConfig, optimization: OptimizationSpec?, gridPoints: [[ConfigValue]], variants: VariantSpec?,
        walkForward: WalkForwardSpec?, markets: [Market], listsMarkets: Bool = false
    ) {
        self.id = id
        self.folder = folder
        self.base = base
        self.optimization = optimization
        self.gridPoints = gridPoints
        self.variants = variants
        self.walkForward = walkForward
        self.markets = markets
        self.listsMarkets = listsMarkets || markets.count > 1
    }

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

    /// The study on some of its markets only (those at `kept`, in order): what is left of it when
    /// the others' data cannot be read.
    public func keeping(markets kept: [Int]) -> StudyDefinition {
        var study = StudyDefinition(
            id: id, folder: folder, base: base, optimization: optimization, gridPoints: gridPoints, variants: variants,
            walkForward: walkForward, markets: kept.map { markets[$0] }, listsMarkets: listsMarkets)
        study.leftOutMarkets = leftOutMarkets + markets.indices.filter { !kept.contains($0) }.map { markets[$0].name }
        return study
    }

    /// The configurations the study asks for, in order: grid points, then variants; or the single one.
    public var configurationCount: Int {
        let count = gridPoints.count + (variants?.variants.count ?? 0)
        return count == 0 ? 1 : count
    }

    /// Every run the study asks for: each configuration on each market, configuration by
    /// configuration (run `c · markets + m` is configuration c on market m).
    public var runCount: Int { configurationCount * markets.count }

    /// The configuration of run `index`.
    public func configuration(ofRun index: Int) -> Int { index / markets.count }

    /// The market of run `index`.
    public func market(ofRun index: Int) -> Int { index % markets.count }

    /// The config of run `index` (built on demand, so a 100,000-point grid does not hold 100,000 configs).
    public func config(at index: Int) -> AppConfig { config(configuration: configuration(ofRun: index), market: market(ofRun: index)) }

    /// Configuration `c` (a grid point, then a variant, or the single run) on market `m`.
    public func config(configuration c: Int, market m: Int = 0) -> AppConfig {
        var config: AppConfig
        if c < gridPoints.count, let optimization {
            config = base
            if listsMarkets { config.data = markets[m].data }
            for (parameter, value) in zip(optimization.parameters, gridPoints[c]) { parameter.path.set(value, in: &config) }
        } else if let variants {
            config = variants.variants[c - gridPoints.count].config
            if listsMarkets { config.data = markets[m].data }
        } else {
            config = base
            if listsMarkets { config.data = markets[m].data }
        }
        return config
    }

    /// A short label of run `index`: its configuration's, and with several markets its market's
    /// (`fast=10 slow=30 @ BTC_1d`).
    public func label(at index: Int) -> String {
        let label = label(configuration: configuration(ofRun: index))
        return markets.count > 1 ? "\(label) @ \(markets[market(ofRun: index)].name)" : label
    }

    /// A short label of configuration `c`: `fast=10 slow=30`, a variant's name, or `run`.
    public func label(configuration c: Int) -> String {
        if c < gridPoints.count, let optimization {
            return zip(optimization.parameters, gridPoints[c]).map { "\($0.name)=\($1)" }.joined(separator: " ")
        }
        if let variants { return variants.variants[c - gridPoints.count].name }
        return "run"
    }
}
