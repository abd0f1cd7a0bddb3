import Engine

extension AppConfig {
    /// The resolved config as canonical JSON, without `name` and `description`, with the data
    /// source replaced by `dataFingerprint` for files (so moving a file does not change the hash,
    /// editing it does).
    public func canonicalJSON(dataFingerprint: String) -> JSONValue {
        func plugin(_ choice: PluginChoice) -> JSONValue {
            let params: [(String, JSONValue)] = choice.params.values.map { key, value in
                if case .boolean(let b) = value { return (key, .bool(b)) }
                return (key, .number(value.doubleValue))
            }
            return .object([("plugin", .string(choice.name)), ("params", .object(params))])
        }
        var source: [(String, JSONValue)]
        switch data.source {
        case .file:
            source = [("fingerprint", .string(dataFingerprint))]
        case .synthetic(let s):
            let fields: [(String, JSONValue)] = [
                ("seed", .number(Double(s.seed))), ("bars", .number(Double(s.bars))), ("timeframe_ms", .number(Double(s.timeframe.millis))),
                ("start", .number(Double(s.start))), ("drift", .number(s.drift)), ("volatility", .number(s.volatility)),
                ("start_price", .number(s.startPrice)), ("tick", .number(s.tick)), ("calendar", .string(s.calendar.rawValue)),
            ]
            source = [("synthetic", .object(fields))]
        }
        source.append(("start", data.start.map { .number(Double($0)) } ?? .null))
        source.append(("end", data.end.map { .number(Double($0)) } ?? .null))
        // Only when set, so that configs without a trading range keep their hashes.
        if let tradeStart = data.tradeStart { source.append(("trade_start", .number(Double(tradeStart)))) }
        let platformFields = PlatformKey.allCases.map { ($0.rawValue, $0.value(in: platform).json) }
        let strategyFields: [(String, JSONValue)] = [
            ("signal_generator", plugin(strategy.signalGenerator)),
            ("exit_planner", plugin(strategy.exitPlanner)),
            ("size_planner", plugin(strategy.sizePlanner)),
            ("regime_filter", .array(strategy.regimeFilters.map(plugin))),
            ("portfolio_overlay", .array(strategy.portfolioOverlays.map(plugin))),
        ]
        let metricsFields = MetricsKey.allCases.map { ($0.rawValue, $0.value(in: metrics).json) }
        return .object([
            ("data", .object(source)), ("platform", .object(platformFields)),
            ("strategy", .object(strategyFields)), ("metrics", .object(metricsFields)),
        ])
    }
}
