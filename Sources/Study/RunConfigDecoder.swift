import Engine
import Foundation

/// Decodes a run.yaml node tree into an `AppConfig`, reporting every problem with its position.
public struct RunConfigDecoder {
    /// The keys of each section, which also serve "did you mean" suggestions.
    public static let topKeys = ["name", "description", "data", "platform", "strategy", "metrics"]
    static let dataKeys = ["file", "pair", "timeframe", "source_dir", "synthetic", "start", "end", "trade_start"]
    static let syntheticKeys = DataKey.SyntheticKey.allCases.map(\.rawValue)
    static let platformKeys = PlatformKey.allCases.map(\.rawValue) + [currencyKey]
    /// `platform.currency`: display only, so not a `PlatformKey` (which the hash reads).
    static let currencyKey = "currency"
    /// The longest `platform.currency` accepted.
    static let currencyLength = 12
    static let strategyKeys = PluginPhase.allCases.map(\.rawValue)
    static let metricsKeys = MetricsKey.allCases.map(\.rawValue)
    static let pluginKeys = ["plugin", "params"]

    private var reader: NodeReader
    private let folder: URL
    /// The markets `data` named, in order.
    private var markets: [Market] = []
    /// Whether rules between parameters (fast < slow) are checked; a grid checks them per point.
    private var checkRules = true

    /// Decodes `root` from a file shown as `file`, with relative paths starting at `folder`: the
    /// config (its data the first market's) and its markets.
    public static func decodeMarkets(_ root: ConfigNode?, file: String, folder: URL, checkRules: Bool = true) throws -> (
        config: AppConfig, markets: [Market]
    ) {
        var decoder = RunConfigDecoder(reader: NodeReader(file: file), folder: folder, checkRules: checkRules)
        let config = decoder.decodeTop(root)
        if !decoder.reader.diagnostics.isEmpty { throw DiagnosticList(decoder.reader.sortedDiagnostics) }
        guard let config, !decoder.markets.isEmpty else {
            throw DiagnosticList([Diagnostic(file: file, message: "the configuration is incomplete")])
        }
        return (config, decoder.markets)
    }

    /// Whether a run.yaml's `data` names several markets (a list, or a glob).
    static func listsMarkets(_ root: ConfigNode) -> Bool {
        guard let data = root.entries?.first(where: { $0.key == "data" })?.value else { return false }
        if case .sequence = data.kind { return true }
        return data.entries?.contains { $0.key == "glob" } ?? false
    }

    /// Decodes `root`: the config, its data the first market's.
    public static func decode(_ root: ConfigNode?, file: String, folder: URL, checkRules: Bool = true) throws -> AppConfig {
        try decodeMarkets(root, file: file, folder: folder, checkRules: checkRules).config
    }

    /// Reads, applies `--set` overrides and decodes a run.yaml file; of a run.yaml with several
    /// markets, the one named `market` (which it must then name).
    public static func load(path: String, displayPath: String? = nil, overrides: [ConfigOverride] = [], market: String? = nil) throws
        -> AppConfig
    {
        let source = try YAMLSource(path: path, displayPath: displayPath)
        // An empty file stays empty (nil) unless an override gives it content.
        var root = source.root
        func apply(_ override: ConfigOverride) throws {
            root = try override.apply(to: root ?? .emptyMapping(at: SourceLocation(file: source.displayPath)))
        }
        // With several markets, `data.*` overrides apply to the chosen market's data section.
        let isData = { (override: ConfigOverride) in override.path.first == "data" && override.path.count > 1 }
        for override in overrides where !isData(override) { try apply(override) }
        guard let listing = root, listsMarkets(listing) else {
            for override in overrides where isData(override) { try apply(override) }
            let (config, markets) = try decodeMarkets(root, file: source.displayPath, folder: source.folder)
            if let market, market != markets[0].name {
                throw Diagnostic(
                    file: source.displayPath, message: "no market named '\(market)'",
                    hint: "the run.yaml has one market, \(markets[0].name)")
            }
            return config
        }
        let markets = try decodeMarkets(root, file: source.displayPath, folder: source.folder).markets
        let names = markets.map(\.name)
        guard let market = market ?? (markets.count == 1 ? names[0] : nil) else {
            throw Diagnostic(
                file: source.displayPath, message: "the run.yaml lists \(markets.count) markets",
                hint: "choose one with --market NAME: \(names.joined(separator: ", "))")
        }
        guard let index = markets.firstIndex(where: { $0.name == market }) else {
            throw Diagnostic(
                file: source.displayPath, message: "no market named '\(market)'\(Suggestion.didYouMean(market, in: names))",
                hint: "markets: \(names.joined(separator: ", "))")
        }
        if let section = marketSection(of: listing, index: index, market: markets[index]) {
            root = listing.replacing(key: "data", with: section)
        }
        for override in overrides where isData(override) { try apply(override) }
        return try decodeMarkets(root, file: source.displayPath, folder: source.folder).config
    }

    /// The data section of market `index` of a run.yaml that lists several: its list entry, or
    /// the glob's shared keys with the market's file.
    static func marketSection(of root: ConfigNode, index: Int, market: Market) -> ConfigNode? {
        guard let data = root.entries?.first(where: { $0.key == "data" })?.value else { return nil }
        if case .sequence(let items) = data.kind { return items.indices.contains(index) ? items[index] : nil }
        guard var entries = data.entries, case .file(let path, _) = market.data.source else { return nil }
        let at = entries.first { $0.key == "glob" }?.keyLocation ?? data.location
        entries.removeAll { $0.key == "glob" }
        entries.append(ConfigNode.Entry(key: "file", keyLocation: at, value: ConfigNode(.scalar(path, plain: false), at: at)))
        return ConfigNode(.mapping(entries), at: data.location)
    }

    private mutating func decodeTop(_ root: ConfigNode?) -> AppConfig? {
        guard let root, !root.isNull else {
            reader.error(nil, "the run.yaml is empty", hint: "it needs at least data: and strategy.signal_generator:")
            return nil
        }
        guard let pairs = reader.mapping(root, at: "", allowed: Self.topKeys) else { return nil }
        var name: String?
        var description: String?
        var data: DataConfig?
        var strategy: StrategySpec?
        var platform = ExecutionSettings()
        var currency: String?
        var metrics = MetricsConfig()
        var sawData = false
        var sawStrategy = false
        for entry in pairs {
            let (key, value) = (entry.key, entry.value)
            switch key {
            case "name": name = reader.string(value, at: "name")
            case "description": description = reader.string(value, at: "description")
            case "data":
                sawData = true
                markets = decodeMarkets(value)
                data = markets.first?.data
            case "platform": platform = decodePlatform(value, currency: &currency)
            case "strategy":
                sawStrategy = true
                strategy = decodeStrategy(value)
            case "metrics": metrics = decodeMetrics(value)
            default: break
            }
        }
        if !sawData {
            reader.error(root, "missing data section", hint: "add data: with file:, pair:/timeframe:, or synthetic:")
        }
        if !sawStrategy {
            reader.error(root, "missing strategy section", hint: "add strategy: {signal_generator: {plugin: sma_cross}}")
        }
        guard let data, let strategy else { return nil }
        return AppConfig(
            name: name, description: description, data: data, platform: platform, currency: currency, strategy: strategy, metrics: metrics)
    }

    // MARK: data

    /// `data`: one section, a list of sections (each with an optional `name`), or
    /// `{glob: PATTERN, ...}` (one market per file, sorted by name; the other keys shared).
    private mutating func decodeMarkets(_ node: ConfigNode) -> [Market] {
        var found: [(market: Market, at: SourceLocation)] = []
        switch node.kind {
        case .sequence(let items):
            guard !items.isEmpty else {
                reader.error(node, "data lists no markets", hint: "list data sections: [{file: a.csv}, {file: b.csv}]")
                return []
            }
            for item in items {
                let (data, name) = decodeSection(item, allowName: true)
                if let data { found.append((Market(name: name ?? Market.defaultName(of: data), data: data), item.location)) }
            }
        case .mapping(let entries) where entries.contains(where: { $0.key == "glob" }):
            found = decodeGlob(node)
        default:
            let (data, name) = decodeSection(node, allowName: true)
            if let data { found.append((Market(name: name ?? Market.defaultName(of: data), data: data), node.location)) }
        }
        var seen = Set<String>()
        for (market, location) in found where !seen.insert(market.name).inserted {
            reader.error(
                at: location, "two markets are named '\(market.name)'",
                hint:
                    "give them different name: keys in a list of markets (a market is named after its file's stem, or synthetic-<seed>; the files a glob matches need different stems)"
            )
        }
        return found.map(\.market)
    }

    /// `{glob: PATTERN, start, end, trade_start}`: one market per matching file, named by its stem.
    private mutating func decodeGlob(_ node: ConfigNode) -> [(market: Market, at: SourceLocation)] {
        guard let entries = reader.mapping(node, at: "data", allowed: ["glob", "start", "end", "trade_start"]),
            let patternNode = entries.first(where: { $0.key == "glob" })?.value, let pattern = reader.string(patternNode, at: "data.glob")
        else { return [] }
        let shared = ConfigNode(.mapping(entries.filter { $0.key != "glob" }), at: node.location)
        let absolute = pattern.hasPrefix("/") ? pattern : folder.path + "/" + pattern
        let files = FileGlob.matches(absolute).filter { !$0.hasSuffix("/") }.sorted {
            URL(fileURLWithPath: $0).lastPathComponent < URL(fileURLWithPath: $1).lastPathComponent
        }
        guard !files.isEmpty else {
            reader.error(
                patternNode, "data.glob '\(pattern)' matches no file",
                hint: "paths in a run.yaml start at its folder (looked for \(URL(fileURLWithPath: absolute).standardizedFileURL.path))")
            return []
        }
        guard let range = decodeRange(shared) else { return [] }
        return files.compactMap { file in
            let written = pattern.hasPrefix("/") ? file : String(file.dropFirst(folder.path.count + 1))
            guard let source = fileSource(written, at: patternNode, key: "matched by data.glob") else { return nil }
            let data = DataConfig(source: source, start: range.start, end: range.end, tradeStart: range.tradeStart)
            return (Market(name: Market.defaultName(of: data), data: data), patternNode.location)
        }
    }

    /// One data section and its `name`, when allowed.
    private mutating func decodeSection(_ node: ConfigNode, allowName: Bool) -> (DataConfig?, String?) {
        guard allowName, let entries = node.entries, let nameEntry = entries.first(where: { $0.key == "name" }) else {
            return (decodeData(node), nil)
        }
        var name = reader.string(nameEntry.value, at: "data.name")
        if let written = name, written.trimmingCharacters(in: .whitespaces).isEmpty {
            reader.error(nameEntry.value, "a market's name is empty", hint: "name it, or leave name: out to name it after its file")
            name = nil
        }
        return (decodeData(ConfigNode(.mapping(entries.filter { $0.key != "name" }), at: node.location)), name)
    }

    /// `start`, `end` and `trade_start` of a data section, checked against each other.
    private mutating func decodeRange(_ node: ConfigNode) -> (start: Int64?, end: Int64?, tradeStart: Int64?)? {
        guard let pairs = reader.mapping(node, at: "data", allowed: Self.dataKeys) else { return nil }
        var values: [String: ConfigNode] = [:]
        for entry in pairs { values[entry.key] = entry.value }
        var start: Int64?
        var end: Int64?
        if let node = values["start"] { start = reader.timestamp(node, at: "data.start")?.millis }
        if let node = values["end"], let parsed = reader.timestamp(node, at: "data.end") {
            end = DataKey.endMillis(parsed)
        }
        if let start, let end, end < start, let node = values["end"] {
            reader.error(node, "data.end is before data.start", hint: "swap them or fix one of the dates")
        }
        var tradeStart: Int64?
        if let node = values["trade_start"], let parsed = reader.timestamp(node, at: "data.trade_start") {
            tradeStart = parsed.millis
            if let end, parsed.millis > end {
                reader.error(node, "data.trade_start is after data.end", hint: "trading starts at or before data.end")
            } else if let start, parsed.millis < start {
                reader.error(node, "data.trade_start is before data.start", hint: "bars before data.start are not loaded: move one of them")
            }
        }
        return (start, end, tradeStart)
    }

    private mutating func decodeData(_ node: ConfigNode) -> DataConfig? {
        guard let pairs = reader.mapping(node, at: "data", allowed: Self.dataKeys) else { return nil }
        var values: [String: (key: SourceLocation, value: ConfigNode)] = [:]
        for entry in pairs { values[entry.key] = (entry.keyLocation, entry.value) }
        let ranged = ConfigNode(.mapping(pairs.filter { ["start", "end", "trade_start"].contains($0.key) }), at: node.location)
        guard let (start, end, tradeStart) = decodeRange(ranged) else { return nil }
        let kinds = ["file", "pair", "synthetic"].filter { values[$0] != nil }
        guard kinds.count == 1 else {
            if kinds.isEmpty {
                reader.error(
                    node, "data needs a source", hint: "give file: PATH, or pair: + timeframe: (+ source_dir:), or synthetic: {...}")
            } else {
                reader.error(at: values[kinds[1]]!.key, "data has both \(kinds[0]) and \(kinds[1])", hint: "keep exactly one source")
            }
            return nil
        }
        let source: DataConfig.Source?
        switch kinds[0] {
        case "file":
            let node = values["file"]!.value
            source = reader.string(node, at: "data.file").flatMap { fileSource($0, at: node, key: "named by data.file") }
            for extra in ["timeframe", "source_dir"] where values[extra] != nil {
                reader.error(
                    at: values[extra]!.key, "data.\(extra) only goes with data.pair", hint: "remove it, or use pair: instead of file:")
            }
        case "pair":
            source = decodePair(values)
        default:
            source = decodeSynthetic(values["synthetic"]!.value)
        }
        return source.map { DataConfig(source: $0, start: start, end: end, tradeStart: tradeStart) }
    }

    /// A data file: its absolute path, and for messages the path as seen from where the user
    /// named the YAML file (`studies/x/../data/a.csv` shown as `studies/data/a.csv`).
    /// A path that is there but is no file to read (a folder, a FIFO, a broken link) is an error at
    /// `node`, the key that named it; `key` says how it was named ("named by data.file").
    private mutating func fileSource(_ path: String, at node: ConfigNode, key: String) -> DataConfig.Source? {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        let shown =
            path.hasPrefix("/")
            ? path : PathText.normalized(((reader.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path))
        let absolute = url.standardizedFileURL.path
        if let problem = PathKind.problem(absolute) {
            reader.error(
                node, "\(shown), \(key), \(problem)",
                hint: "a market's data is a CSV file of bars" + (shown == absolute ? "" : " (looked at \(absolute))"))
            return nil
        }
        return .file(path: absolute, displayPath: shown)
    }

    /// `pair: BTC/EUR` + `timeframe: 1h` + `source_dir: ../data` -> `../data/BTC_EUR_1h.csv`.
    private mutating func decodePair(_ values: [String: (key: SourceLocation, value: ConfigNode)]) -> DataConfig.Source? {
        let pair = reader.string(values["pair"]!.value, at: "data.pair")
        guard let timeframeNode = values["timeframe"]?.value else {
            reader.error(at: values["pair"]!.key, "data.pair needs data.timeframe", hint: "add timeframe: 1d (or 1h, 15m, ...)")
            return nil
        }
        let timeframe = reader.string(timeframeNode, at: "data.timeframe")
        if let timeframe, Timeframe(timeframe) == nil {
            reader.error(
                timeframeNode, "data.timeframe '\(timeframe)' is not a bar length",
                hint: "write a count and a unit: 1m, 15m, 1h, 4h, 1d, 1w")
        }
        let directory = values["source_dir"].flatMap { reader.string($0.value, at: "data.source_dir") } ?? "."
        guard let pair, let timeframe else { return nil }
        let symbol = pair.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "-", with: "_")
        return fileSource(
            (directory as NSString).appendingPathComponent("\(symbol)_\(timeframe).csv"), at: values["pair"]!.value,
            key: "named by data.pair")
    }

    private mutating func decodeSynthetic(_ node: ConfigNode) -> DataConfig.Source? {
        guard let pairs = reader.mapping(node, at: "data.synthetic", allowed: Self.syntheticKeys) else { return nil }
        var seed: UInt64 = 1
        var bars = 2520
        var timeframe = Timeframe("1d")!
        var start = UTCDate.days(year: 2015, month: 1, day: 2) * UTCDate.millisPerDay
        var drift = 0.08
        var volatility = 0.2
        var momentum = 0.0
        var startPrice = 100.0
        var tick = 0.0
        var calendar: SyntheticSource.Calendar?
        for entry in pairs {
            let (key, value) = (entry.key, entry.value)
            let path = "data.synthetic.\(key)"
            switch key {
            case "seed": if let v = reader.integer(value, at: path, range: 0...Int.max) { seed = UInt64(v) }
            case "bars": if let v = reader.integer(value, at: path, range: 1...50_000_000) { bars = v }
            case "timeframe":
                if let text = reader.string(value, at: path) {
                    if let parsed = Timeframe(text) {
                        timeframe = parsed
                    } else {
                        reader.error(
                            value, "\(path) '\(text)' is not a bar length", hint: "write a count and a unit: 1m, 15m, 1h, 4h, 1d, 1w")
                    }
                }
            case "start": if let v = reader.timestamp(value, at: path) { start = v.millis }
            case "drift": if let v = reader.number(value, at: path, range: -1...1) { drift = v }
            case "volatility": if let v = reader.number(value, at: path, range: 0...5, exclusiveLower: true) { volatility = v }
            case "momentum":
                if let v = reader.number(
                    value, at: path, range: SyntheticSource.momentumRange,
                    hint: "how much returns follow their past month's trend: 0.5 trends, -0.3 reverts, 0 is a random walk")
                {
                    momentum = v
                }
            case "start_price": if let v = reader.number(value, at: path, range: 0...1e9, exclusiveLower: true) { startPrice = v }
            case "tick": if let v = reader.number(value, at: path, range: 0...1e6) { tick = v }
            case "calendar":
                if let v = reader.choice(value, at: path, from: SyntheticSource.Calendar.allCases.map(\.rawValue)) {
                    calendar = SyntheticSource.Calendar(rawValue: v)
                }
            default: break
            }
        }
        return .synthetic(
            SyntheticSource(
                seed: seed, bars: bars, timeframe: timeframe, start: start, drift: drift, volatility: volatility, momentum: momentum,
                startPrice: startPrice, tick: tick, calendar: calendar))
    }

    // MARK: platform and metrics

    private mutating func decodePlatform(_ node: ConfigNode, currency: inout String?) -> ExecutionSettings {
        var settings = ExecutionSettings()
        guard let pairs = reader.mapping(node, at: "platform", allowed: Self.platformKeys) else { return settings }
        for entry in pairs {
            let (key, value) = (entry.key, entry.value)
            let path = "platform.\(key)"
            switch PlatformKey(rawValue: key) {
            case .initialCapital:
                if let v = reader.number(value, at: path, range: 0...1e15, exclusiveLower: true) { settings.initialCapital = v }
            case .feesPct:
                if let v = reader.number(value, at: path, range: 0...0.5, hint: "a fraction: 0.001 is 0.1% per side") {
                    settings.feeRate = v
                }
            case .slippagePct:
                if let v = reader.number(value, at: path, range: 0...0.5, hint: "a fraction of price: 0.0005 is 5 basis points") {
                    settings.slippage = v
                }
            case .fill:
                if let v = reader.choice(value, at: path, from: ExecutionSettings.Fill.allCases.map(\.rawValue)) {
                    settings.fill = ExecutionSettings.Fill(rawValue: v)!
                }
            case .fractionalUnits:
                if let v = reader.bool(value, at: path) { settings.wholeUnits = !v }
            case nil: if key == Self.currencyKey { currency = decodeCurrency(value, at: path) }
            }
        }
        return settings
    }

    /// A short name of money (EUR, USD, BTC, €): no spaces, at most `currencyLength` characters.
    private mutating func decodeCurrency(_ node: ConfigNode, at path: String) -> String? {
        guard let text = reader.string(node, at: path) else { return nil }
        let blank = CharacterSet.whitespacesAndNewlines.union(.controlCharacters)
        guard !text.isEmpty, text.count <= Self.currencyLength, !text.unicodeScalars.contains(where: blank.contains) else {
            reader.error(
                node, "\(path) is '\(text)', but must be a short name of money such as EUR, USD or BTC",
                hint: "at most \(Self.currencyLength) characters and no spaces; it only labels the equity axis")
            return nil
        }
        return text
    }

    private mutating func decodeMetrics(_ node: ConfigNode) -> MetricsConfig {
        var metrics = MetricsConfig()
        guard let pairs = reader.mapping(node, at: "metrics", allowed: Self.metricsKeys) else { return metrics }
        for entry in pairs {
            let (key, value) = (entry.key, entry.value)
            let path = "metrics.\(key)"
            switch MetricsKey(rawValue: key) {
            case .periodsPerYear:
                if case .scalar("auto", _) = value.kind {
                    metrics.periodsPerYear = nil
                } else {
                    metrics.periodsPerYear = reader.number(
                        value, at: path, range: 0...1e7, exclusiveLower: true,
                        hint: "write auto, 252 (trading days) or 365 (24/7 markets)")
                }
            case .riskFreeRate:
                if let v = reader.number(value, at: path, range: -1...1) { metrics.riskFreeRate = v }
            case nil: break
            }
        }
        return metrics
    }

    // MARK: strategy

    private mutating func decodeStrategy(_ node: ConfigNode) -> StrategySpec? {
        guard let pairs = reader.mapping(node, at: "strategy", allowed: Self.strategyKeys) else { return nil }
        var chosen: [PluginPhase: (key: SourceLocation, value: ConfigNode)] = [:]
        for entry in pairs { chosen[PluginPhase(rawValue: entry.key)!] = (entry.keyLocation, entry.value) }
        guard let signalNode = chosen[.signalGenerator] else {
            reader.error(
                node, "strategy needs a signal_generator",
                hint: "add signal_generator: {plugin: sma_cross, params: {fast: 10, slow: 30}}; available: \(names(.signalGenerator))")
            return nil
        }
        let signal = decodePlugin(signalNode.value, phase: .signalGenerator, path: "strategy.signal_generator")
        let exit =
            chosen[.exitPlanner].map { decodePlugin($0.value, phase: .exitPlanner, path: "strategy.exit_planner") }
            ?? .defaultExitPlanner
        let size =
            chosen[.sizePlanner].map { decodePlugin($0.value, phase: .sizePlanner, path: "strategy.size_planner") }
            ?? .defaultSizePlanner
        let filters = chosen[.regimeFilter].map { decodePluginList($0.value, phase: .regimeFilter) } ?? []
        let overlays = chosen[.portfolioOverlay].map { decodePluginList($0.value, phase: .portfolioOverlay) } ?? []
        guard let signal, let exit, let size, let filters, let overlays else { return nil }
        if size.name == "fixed_risk", PluginRegistry.plugin(exit.name, in: .exitPlanner)?.providesStop == false {
            reader.error(
                chosen[.sizePlanner]?.value, "fixed_risk sizing needs an exit planner that sets a stop, but \(exit.name) sets none",
                hint: "use atr_exit, fixed_percentage_exit or trailing_stop_exit, or size with fixed_fraction")
        }
        return StrategySpec(
            signalGenerator: signal, exitPlanner: exit, sizePlanner: size, regimeFilters: filters, portfolioOverlays: overlays)
    }

    private func names(_ phase: PluginPhase) -> String {
        PluginRegistry.plugins(in: phase).map(\.name).joined(separator: ", ")
    }

    private mutating func decodePluginList(_ node: ConfigNode, phase: PluginPhase) -> [PluginChoice]? {
        let path = "strategy.\(phase.rawValue)"
        if node.isNull { return [] }
        guard case .sequence(let items) = node.kind else {
            // A single block is accepted as a list of one.
            return decodePlugin(node, phase: phase, path: path).map { [$0] }
        }
        var result: [PluginChoice] = []
        var ok = true
        for (index, item) in items.enumerated() {
            if let choice = decodePlugin(item, phase: phase, path: "\(path)[\(index)]") { result.append(choice) } else { ok = false }
        }
        return ok ? result : nil
    }

    /// `{plugin: NAME, params: {...}}`, checked against the registry.
    private mutating func decodePlugin(_ node: ConfigNode, phase: PluginPhase, path: String) -> PluginChoice? {
        guard let pairs = reader.mapping(node, at: path, allowed: Self.pluginKeys) else { return nil }
        guard let nameEntry = pairs.first(where: { $0.key == "plugin" }) else {
            reader.error(node, "\(path) needs a plugin name", hint: "add plugin: one of \(names(phase))")
            return nil
        }
        guard let name = reader.string(nameEntry.value, at: "\(path).plugin") else { return nil }
        guard let descriptor = PluginRegistry.plugin(name, in: phase) else {
            let candidates = PluginRegistry.plugins(in: phase).map(\.name)
            let elsewhere = PluginPhase.allCases.first { $0 != phase && PluginRegistry.plugin(name, in: $0) != nil }
            reader.error(
                nameEntry.value, "unknown \(phase.rawValue) plugin '\(name)'\(Suggestion.didYouMean(name, in: candidates))",
                hint: elsewhere.map { "\(name) is a \($0.rawValue); \(phase.rawValue) plugins are: \(names(phase))" }
                    ?? "available: \(names(phase))")
            return nil
        }
        var params = descriptor.defaults
        var paramNodes: [String: ConfigNode] = [:]
        if let paramsNode = pairs.first(where: { $0.key == "params" })?.value, !paramsNode.isNull {
            let allowed = descriptor.params.map(\.name)
            if allowed.isEmpty, let entries = paramsNode.entries, !entries.isEmpty {
                reader.error(paramsNode, "\(name) takes no parameters", hint: "remove params:")
                return nil
            }
            guard let entries = reader.mapping(paramsNode, at: "\(path).params", allowed: allowed, renamed: descriptor.renamed) else {
                return nil
            }
            for entry in entries {
                let (key, value) = (entry.key, entry.value)
                let spec = descriptor.param(key)!
                paramNodes[key] = value
                if let parsed = parameter(value, spec: spec, path: "\(path).params.\(key)", plugin: name) { params.values[key] = parsed }
            }
        }
        for rule in descriptor.rules where checkRules && !rule.holds(params) {
            let lhs = params.values[rule.lhs].map(String.init(describing:)) ?? "?"
            let rhs = params.values[rule.rhs].map(String.init(describing:)) ?? "?"
            reader.error(
                paramNodes[rule.lhs] ?? paramNodes[rule.rhs] ?? node,
                "\(name) needs \(rule.text), but \(rule.lhs) is \(lhs) and \(rule.rhs) is \(rhs)",
                hint: "change one of the values so that \(rule.text)")
        }
        return PluginChoice(name: name, params: params)
    }

    /// A parameter value checked against its spec.
    private mutating func parameter(_ node: ConfigNode, spec: ParamSpec, path: String, plugin: String) -> ParamValue? {
        let hint = "\(plugin).\(spec.name): \(spec.doc)\(spec.rangeText.map { " Allowed: \($0)." } ?? "")"
        let value: ParamValue
        switch spec.kind {
        case .boolean:
            guard let v = reader.bool(node, at: path) else { return nil }
            return .boolean(v)
        case .integer:
            guard let v = reader.integer(node, at: path) else { return nil }
            value = .integer(v)
        case .number:
            guard let v = reader.number(node, at: path) else { return nil }
            value = .number(v)
        }
        guard spec.allows(value.doubleValue) else {
            reader.error(node, "\(path) is \(value), outside the allowed range \(spec.rangeText ?? "")", hint: hint)
            return nil
        }
        return value
    }
}
