/// A plugin as the registry knows it: name, phase, parameters, cross-parameter rules and how to
/// build it over a data set.
public struct PluginDescriptor: Sendable {
    /// How to build the plugin for its phase.
    public enum Builder: Sendable {
        /// Builds a signal generator.
        case signalGenerator(@Sendable (PluginParams, MarketData) -> any SignalGenerator)
        /// Builds an exit planner.
        case exitPlanner(@Sendable (PluginParams, MarketData) -> any ExitPlanner)
        /// Builds a size planner.
        case sizePlanner(@Sendable (PluginParams) -> any SizePlanner)
        /// Builds a regime filter.
        case regimeFilter(@Sendable (PluginParams, MarketData) -> any RegimeFilter)
        /// Builds a portfolio overlay.
        case portfolioOverlay(@Sendable (PluginParams) -> any PortfolioOverlay)

        var phase: PluginPhase {
            switch self {
            case .signalGenerator: .signalGenerator
            case .exitPlanner: .exitPlanner
            case .sizePlanner: .sizePlanner
            case .regimeFilter: .regimeFilter
            case .portfolioOverlay: .portfolioOverlay
            }
        }
    }

    /// A rule between parameters, e.g. `fast < slow`.
    public struct Rule: Sendable {
        /// The parameter that must be smaller (and that an error points at).
        public let lhs: String
        /// The parameter that must be larger.
        public let rhs: String

        /// The rule as users read it.
        public var text: String { "\(lhs) < \(rhs)" }

        /// Whether the values satisfy it.
        public func holds(_ params: PluginParams) -> Bool { params.value(lhs).doubleValue < params.value(rhs).doubleValue }
    }

    /// The name used in `plugin:`.
    public let name: String
    /// What the plugin does, in one line.
    public let summary: String
    /// The parameters, in documentation order.
    public let params: [ParamSpec]
    /// Rules between parameters.
    public let rules: [Rule]
    /// Former parameter names and the names that replaced them. Old names are not accepted; they
    /// only let an error say what the key is called now.
    public let renamed: [String: String]
    /// Construction.
    public let builder: Builder
    /// For exit planners: whether every position gets a stop level (fixed_risk sizing needs one).
    public let providesStop: Bool

    /// The phase the plugin belongs to.
    public var phase: PluginPhase { builder.phase }

    /// Creates a descriptor.
    public init(
        name: String, summary: String, params: [ParamSpec], rules: [Rule] = [], renamed: [String: String] = [:],
        providesStop: Bool = false, builder: Builder
    ) {
        // The declarative parts are checked when the registry is first used; what a builder
        // reads is checked by PluginParams as it reads.
        let names = params.map(\.name)
        precondition(Set(names).count == names.count, "\(name) declares a parameter twice: \(names)")
        for rule in rules {
            precondition(names.contains(rule.lhs) && names.contains(rule.rhs), "\(name)'s rule \(rule.text) names an unknown parameter")
        }
        for (old, current) in renamed {
            precondition(!names.contains(old) && names.contains(current), "\(name) renames \(old) to \(current), which is not a parameter")
        }
        self.name = name
        self.summary = summary
        self.params = params
        self.rules = rules
        self.renamed = renamed
        self.providesStop = providesStop
        self.builder = builder
    }

    /// The spec of a parameter by name.
    public func param(_ name: String) -> ParamSpec? { params.first { $0.name == name } }

    /// The defaults of every parameter.
    public var defaults: PluginParams {
        PluginParams(Dictionary(uniqueKeysWithValues: params.map { ($0.name, $0.defaultValue) }))
    }
}

/// A rule that `lhs` parameter is below `rhs` parameter.
func lessThan(_ lhs: String, _ rhs: String) -> PluginDescriptor.Rule {
    PluginDescriptor.Rule(lhs: lhs, rhs: rhs)
}
