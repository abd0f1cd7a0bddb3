import Engine

/// A value a grid can give a config path: a plugin or platform number or flag, or a word (`fill`).
public enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
    /// A typed parameter value.
    case param(ParamValue)
    /// A word such as `close`, or a date such as `2016-01-01`.
    case text(String)
    /// A data file: its absolute path and the path as shown.
    case file(path: String, shown: String)

    /// The value as a number for constraints and heatmaps (words have none).
    public var number: Double? {
        if case .param(let p) = self { return p.doubleValue }
        return nil
    }

    public var description: String {
        switch self {
        case .param(let p): p.description
        case .text(let t): t
        case .file(_, let shown): shown
        }
    }
}

/// A place in an `AppConfig` that a grid may vary: a plugin parameter, a platform setting or a
/// metrics setting. Reading and writing it is a field access, so a grid of 100,000 points builds
/// its configs without parsing YAML again.
public struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    enum Target: Sendable, Hashable {
        case pluginParam(PluginPhase, index: Int?, name: String)
        case platform(PlatformKey)
        case metrics(MetricsKey)
        case data(DataKey)
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
        case "platform" where segments.count == 2:
            return PlatformKey(rawValue: segments[1]).map { ConfigPath(dotted: dotted, target: .platform($0)) }
        case "metrics" where segments.count == 2:
            return MetricsKey(rawValue: segments[1]).map { ConfigPath(dotted: dotted, target: .metrics($0)) }
        case "data":
            return DataKey(Array(segments.dropFirst()), in: config.data).map { ConfigPath(dotted: dotted, target: .data($0)) }
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
        PlatformKey.allCases.map { "platform.\($0.rawValue)" } + MetricsKey.allCases.map { "metrics.\($0.rawValue)" }
            + DataKey.candidates(for: config.data).map { "data.\($0)" }
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
        case .regimeFilter:
            return index.flatMap { config.strategy.regimeFilters.indices.contains($0) ? config.strategy.regimeFilters[$0] : nil }
        case .portfolioOverlay:
            return index.flatMap { config.strategy.portfolioOverlays.indices.contains($0) ? config.strategy.portfolioOverlays[$0] : nil }
        }
    }

    /// Whether the path names the data file, whose content a run's result depends on.
    var isDataFile: Bool { target == .data(.file) }

    /// Whether the path names a key of the data section.
    public var isData: Bool {
        if case .data = target { return true }
        return false
    }

    /// Writes `value` into a data section (a no-op for paths outside `data`).
    func set(_ value: ConfigValue, in data: inout DataConfig) {
        if case .data(let key) = target { key.set(value, in: &data) }
    }

    /// The value at this path.
    public func value(in config: AppConfig) -> ConfigValue? {
        switch target {
        case .pluginParam(let phase, let index, let name):
            return Self.plugin(phase, index, in: config)?.params.values[name].map(ConfigValue.param)
        case .platform(let key): return key.value(in: config.platform)
        case .metrics(let key): return key.value(in: config.metrics)
        case .data(let key): return key.value(in: config.data)
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
        case (.platform(let key), _): key.set(value, in: &config.platform)
        case (.metrics(let key), _): key.set(value, in: &config.metrics)
        case (.data(let key), _): key.set(value, in: &config.data)
        default: break
        }
    }
}
