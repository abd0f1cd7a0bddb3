/// A chosen plugin and its complete parameters.
public struct PluginChoice: Sendable, Hashable {
    /// Registry name.
    public var name: String
    /// Every parameter, defaults filled in.
    public var params: PluginParams

    /// Creates a choice.
    public init(name: String, params: PluginParams) {
        self.name = name
        self.params = params
    }

    /// A plugin with its default parameters overridden by `values` (for code and tests; the
    /// YAML layer validates user input before it gets here). An unknown plugin, an unknown
    /// parameter or a value of the wrong type is a mistake in the calling code and stops the program.
    public static func named(_ name: String, in phase: PluginPhase, _ values: [String: ParamValue] = [:]) -> PluginChoice {
        guard let plugin = PluginRegistry.plugin(name, in: phase) else { preconditionFailure("no \(phase.rawValue) plugin '\(name)'") }
        var params = plugin.defaults
        for (key, value) in values {
            guard let spec = plugin.param(key) else { preconditionFailure("\(name) has no parameter '\(key)'") }
            precondition(value.kind == spec.kind, "\(name).\(key) is \(spec.kind.rawValue), not \(value.kind.rawValue) (\(value))")
            params.values[key] = value
        }
        return PluginChoice(name: name, params: params)
    }

    /// The exit planner of a strategy that names none: exit on the generator's signal.
    public static var defaultExitPlanner: PluginChoice { .named("signal_exit", in: .exitPlanner) }
    /// The size planner of a strategy that names none: the whole equity, `fixed_fraction(1)`.
    public static var defaultSizePlanner: PluginChoice { .named("fixed_fraction", in: .sizePlanner) }
}

/// The plugins of one strategy, one or more per phase of the funnel.
public struct StrategySpec: Sendable, Hashable {
    /// Entry and exit signals.
    public var signalGenerator: PluginChoice
    /// Stops, targets, time limits.
    public var exitPlanner: PluginChoice
    /// Position size.
    public var sizePlanner: PluginChoice
    /// Entry conditions, all of which must hold.
    public var regimeFilters: [PluginChoice]
    /// Portfolio rules.
    public var portfolioOverlays: [PluginChoice]

    /// Creates a spec; exit and size default to `signal_exit` and `fixed_fraction(1)`.
    public init(
        signalGenerator: PluginChoice,
        exitPlanner: PluginChoice = .defaultExitPlanner,
        sizePlanner: PluginChoice = .defaultSizePlanner,
        regimeFilters: [PluginChoice] = [], portfolioOverlays: [PluginChoice] = []
    ) {
        self.signalGenerator = signalGenerator
        self.exitPlanner = exitPlanner
        self.sizePlanner = sizePlanner
        self.regimeFilters = regimeFilters
        self.portfolioOverlays = portfolioOverlays
    }
}

/// How orders are filled and paid for.
public struct ExecutionSettings: Sendable, Hashable {
    /// When signals decided at a close are filled.
    public enum Fill: String, Sendable, CaseIterable {
        /// At the open of the next bar (the default, no look-ahead).
        case nextOpen = "next_open"
        /// At the close of the signal bar.
        case close
    }

    /// Starting cash.
    public var initialCapital: Double
    /// Fee as a fraction of traded value, per side.
    public var feeRate: Double
    /// Slippage as a fraction of price, against the trader.
    public var slippage: Double
    /// Fill timing.
    public var fill: Fill
    /// Whether units are floored to whole numbers.
    public var wholeUnits: Bool

    /// Creates settings with the documented defaults.
    public init(
        initialCapital: Double = 10_000, feeRate: Double = 0.001, slippage: Double = 0, fill: Fill = .nextOpen, wholeUnits: Bool = false
    ) {
        self.initialCapital = initialCapital
        self.feeRate = feeRate
        self.slippage = slippage
        self.fill = fill
        self.wholeUnits = wholeUnits
    }
}
