import Engine

/// A value a grid can give a config path: a plugin or platform number or flag, or a word (`fill`).
public enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
    /// A typed parameter value.
    case param(ParamValue)
    /// A word such as `close`.
    case text(String)

    /// The value as a number for constraints and heatmaps (words have none).
    public var number: Double? {
        if case .param(let p) = self { return p.doubleValue }
        return nil
    }

    public var description: String {
        switch self {
        case .param(let p): p.description
        case .text(let t): t
        }
    }
}

/// A place in an `AppConfig` that a grid may vary: a plugin parameter, a platform setting or a
/// metrics setting. Reading and writing it is a field access, so a grid of 100,000 points builds
/// its configs without parsing YAML again.
public struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    enum Target: Sendable, Hashable {
        case pluginParam(PluginPhase, index: Int?, name: String)
        case platform(String)
        case metrics(String)
    }

    /// The dotted path as written.
    public let dotted: String
    let target: Target

    public var description: String { dotted }

    /// The last segment, used as a short name in constraints and tables.
    public var lastSegment: String { String(dotted.split(separator: ".").last ?? "") }

    /// Resolves a path against the plugins `config` uses; nil when it names nothing a grid can vary.
    public static func resolve(_ segments: [String], in config: AppConfig) -> ConfigPath? {
        let dotted = segments.joined(separator: ".")
        switch segments.first {
        case "platform" where segments.count == 2 && ["initial_capital", "fees_pct", "slippage_pct", "fill", "fractional_units"].contains(segments[1]):
            return ConfigPath(dotted: dotted, target: .platform(segments[1]))
        case "metrics" where segments.count == 2 && ["risk_free_rate", "periods_per_year"].contains(segments[1]):
            return ConfigPath(dotted: dotted, target: .metrics(segments[1]))
        case "strategy" where segments.count >= 4:
            guard let phase = PluginPhase(rawValue: segments[1]) else { return nil }
            var rest = segments.dropFirst(2)
            var index: Int?
            if phase.isList {
                guard let i = Int(rest.first ?? ""), i >= 0 else { return nil }
                index = i
                rest = rest.dropFirst()
            }
            guard rest.count == 2, rest.first == "params", let name = rest.last,
                let choice = plugin(phase, index, in: config), PluginRegistry.plugin(choice.name, in: phase)?.param(name) != nil
            else { return nil }
            return ConfigPath(dotted: dotted, target: .pluginParam(phase, index: index, name: name))
        default:
            return nil
        }
    }

    /// Every path `resolve` accepts for `config`, for "did you mean".
    public static func candidates(in config: AppConfig) -> [String] {
        ["platform.initial_capital", "platform.fees_pct", "platform.slippage_pct", "platform.fill", "platform.fractional_units",
         "metrics.risk_free_rate", "metrics.periods_per_year"]
            + plugins(of: config).flatMap { prefix, plugin in plugin.params.map { prefix + $0.name } }
    }

    /// The former paths of renamed plugin parameters of `config`, each with its current path.
    public static func renamedPaths(in config: AppConfig) -> [String: String] {
        let pairs = plugins(of: config).flatMap { prefix, plugin in plugin.renamed.map { (prefix + $0.key, prefix + $0.value) } }
        return Dictionary(pairs) { first, _ in first }
    }

    /// The plugins `config` uses, each with the prefix of its parameter paths (`strategy.exit_planner.params.`).
    private static func plugins(of config: AppConfig) -> [(prefix: String, plugin: PluginDescriptor)] {
        var result: [(prefix: String, plugin: PluginDescriptor)] = []
        func add(_ phase: PluginPhase, _ index: Int?, _ choice: PluginChoice) {
            guard let plugin = PluginRegistry.plugin(choice.name, in: phase) else { return }
            result.append(("strategy.\(phase.rawValue)" + (index.map { ".\($0)" } ?? "") + ".params.", plugin))
        }
        add(.signalGenerator, nil, config.strategy.signalGenerator)
        add(.exitPlanner, nil, config.strategy.exitPlanner)
        add(.sizePlanner, nil, config.strategy.sizePlanner)
        for (i, f) in config.strategy.regimeFilters.enumerated() { add(.regimeFilter, i, f) }
        for (i, o) in config.strategy.portfolioOverlays.enumerated() { add(.portfolioOverlay, i, o) }
        return result
    }

    static func plugin(_ phase: PluginPhase, _ index: Int?, in config: AppConfig) -> PluginChoice? {
        switch phase {
        case .signalGenerator: return config.strategy.signalGenerator
        case .exitPlanner: return config.strategy.exitPlanner
        case .sizePlanner: return config.strategy.sizePlanner
        case .regimeFilter: return index.flatMap { config.strategy.regimeFilters.indices.contains($0) ? config.strategy.regimeFilters[$0] : nil }
        case .portfolioOverlay: return index.flatMap { config.strategy.portfolioOverlays.indices.contains($0) ? config.strategy.portfolioOverlays[$0] : nil }
        }
    }

    /// The value at this path.
    public func value(in config: AppConfig) -> ConfigValue? {
        switch target {
        case .pluginParam(let phase, let index, let name):
            return Self.plugin(phase, index, in: config)?.params.values[name].map(ConfigValue.param)
        case .platform(let key):
            switch key {
            case "initial_capital": return .param(.number(config.platform.initialCapital))
            case "fees_pct": return .param(.number(config.platform.feeRate))
            case "slippage_pct": return .param(.number(config.platform.slippage))
            case "fractional_units": return .param(.boolean(!config.platform.wholeUnits))
            default: return .text(config.platform.fill.rawValue)
            }
        case .metrics(let key):
            if key == "risk_free_rate" { return .param(.number(config.metrics.riskFreeRate)) }
            return config.metrics.periodsPerYear.map { .param(.number($0)) } ?? .text("auto")
        }
    }

    /// Writes `value` (already validated for this path) into `config`.
    public func set(_ value: ConfigValue, in config: inout AppConfig) {
        switch (target, value) {
        case (.pluginParam(let phase, let index, let name), .param(let p)):
            switch phase {
            case .signalGenerator: config.strategy.signalGenerator.params.values[name] = p
            case .exitPlanner: config.strategy.exitPlanner.params.values[name] = p
            case .sizePlanner: config.strategy.sizePlanner.params.values[name] = p
            case .regimeFilter: config.strategy.regimeFilters[index!].params.values[name] = p
            case .portfolioOverlay: config.strategy.portfolioOverlays[index!].params.values[name] = p
            }
        case (.platform("initial_capital"), .param(let p)): config.platform.initialCapital = p.doubleValue
        case (.platform("fees_pct"), .param(let p)): config.platform.feeRate = p.doubleValue
        case (.platform("slippage_pct"), .param(let p)): config.platform.slippage = p.doubleValue
        case (.platform("fractional_units"), .param(let p)): config.platform.wholeUnits = p.doubleValue == 0
        case (.platform("fill"), .text(let t)): config.platform.fill = ExecutionSettings.Fill(rawValue: t) ?? config.platform.fill
        case (.metrics("risk_free_rate"), .param(let p)): config.metrics.riskFreeRate = p.doubleValue
        case (.metrics("periods_per_year"), .param(let p)): config.metrics.periodsPerYear = p.doubleValue
        case (.metrics("periods_per_year"), .text): config.metrics.periodsPerYear = nil
        default: break
        }
    }
}
