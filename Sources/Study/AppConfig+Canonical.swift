import Engine

extension AppConfig {
    /// The resolved config as canonical JSON, without `name` and `description`, for its hash: the
    /// data section is `barsFingerprint` (the digest of the bars the run reads, whatever their
    /// source and however their range was written: DESIGN section 8) and `trade_start`, so moving
    /// a file changes nothing and appending bars changes only the runs whose range reaches them.
    public func canonicalJSON(dataFingerprint barsFingerprint: String) -> JSONValue { json(data: hashedData(barsFingerprint)) }

    /// The data section as the hash sees it: the bars' digest and `trade_start`.
    func hashedData(_ barsFingerprint: String) -> JSONValue {
        var data: [(String, JSONValue)] = [("bars", .string(barsFingerprint))]
        // Only when set, so that configs without a trading range keep their hashes.
        if let tradeStart = self.data.tradeStart { data.append(("trade_start", .number(Double(tradeStart)))) }
        return .object(data)
    }

    /// The canonical bytes of everything but the data section: `{"metrics":…,"platform":…,"strategy":…}`.
    /// Computed once, they serve both a config's hash and its trial key.
    func canonicalSettings() -> [UInt8] { settingsJSON.bytes(.canonical) }

    /// The canonical bytes of this config with `data` as its data section, from its
    /// `canonicalSettings()`: the same bytes as `json(data:)` in the canonical layout, whose first
    /// key is `data`.
    static func canonicalBytes(data: JSONValue, settings: [UInt8]) -> [UInt8] {
        Array("{\"data\":".utf8) + data.bytes(.canonical) + [UInt8(ascii: ",")] + settings.dropFirst()
    }

    /// The resolved config as JSON with its data section spelt out (the file as written or the
    /// synthetic source's keys, and the ranges), for showing what differs between two configs.
    public var describedJSON: JSONValue {
        var source: [(String, JSONValue)]
        switch data.source {
        case .file(_, let shown):
            source = [("file", .string(shown))]
        case .synthetic(let s):
            source = [("synthetic", .object(Self.syntheticFields(s, bars: true)))]
        }
        source.append(("start", data.start.map { .number(Double($0)) } ?? .null))
        source.append(("end", data.end.map { .number(Double($0)) } ?? .null))
        if let tradeStart = data.tradeStart { source.append(("trade_start", .number(Double(tradeStart)))) }
        return json(data: .object(source))
    }

    /// A synthetic source's keys (`bars` only when asked for: a trial is the same on more bars).
    static func syntheticFields(_ s: SyntheticSource, bars: Bool) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("seed", .number(Double(s.seed))), ("timeframe_ms", .number(Double(s.timeframe.millis))), ("start", .number(Double(s.start))),
            ("drift", .number(s.drift)), ("volatility", .number(s.volatility)), ("start_price", .number(s.startPrice)),
            ("tick", .number(s.tick)), ("calendar", .string(s.calendar.rawValue)),
        ]
        if bars { fields.insert(("bars", .number(Double(s.bars))), at: 1) }
        if s.momentum != 0 { fields.append(("momentum", .number(s.momentum))) }
        return fields
    }

    /// The whole config with `data` as its data section.
    func json(data: JSONValue) -> JSONValue {
        guard case .object(let settings) = settingsJSON else { return settingsJSON }
        return .object([("data", data)] + settings)
    }

    /// Everything but the data section.
    private var settingsJSON: JSONValue {
        func plugin(_ choice: PluginChoice) -> JSONValue {
            let params: [(String, JSONValue)] = choice.params.values.map { key, value in
                if case .boolean(let b) = value { return (key, .bool(b)) }
                return (key, .number(value.doubleValue))
            }
            return .object([("plugin", .string(choice.name)), ("params", .object(params))])
        }
        let platformFields = PlatformKey.allCases.map { ($0.rawValue, $0.value(in: platform).json) }
        let strategyFields: [(String, JSONValue)] = [
            ("signal_generator", plugin(strategy.signalGenerator)),
            ("exit_planner", plugin(strategy.exitPlanner)),
            ("size_planner", plugin(strategy.sizePlanner)),
            ("regime_filter", .array(strategy.regimeFilters.map(plugin))),
            ("portfolio_overlay", .array(strategy.portfolioOverlays.map(plugin))),
        ]
        let metricsFields = MetricsKey.allCases.map { ($0.rawValue, $0.value(in: metrics).json) }
        return .object([("platform", .object(platformFields)), ("strategy", .object(strategyFields)), ("metrics", .object(metricsFields))])
    }
}
