import Engine

extension AppConfig {
    /// The resolved config as canonical JSON, without `name` and `description`, with the data
    /// source replaced by `dataFingerprint` for files (so moving a file does not change the hash,
    /// editing it does).
    public func canonicalJSON(dataFingerprint: String) -> CanonicalJSON {
        func plugin(_ choice: PluginChoice) -> CanonicalJSON {
            .object([
                "plugin": .string(choice.name),
                "params": .object(choice.params.values.mapValues { value in
                    switch value {
                    case .boolean(let b): .bool(b)
                    default: .number(value.doubleValue)
                    }
                }),
            ])
        }
        var source: [String: CanonicalJSON]
        switch data.source {
        case .file: source = ["fingerprint": .string(dataFingerprint)]
        case .synthetic(let s):
            source = ["synthetic": .object([
                "seed": .number(Double(s.seed)), "bars": .number(Double(s.bars)), "timeframe_ms": .number(Double(s.timeframe.millis)),
                "start": .number(Double(s.start)), "drift": .number(s.drift), "volatility": .number(s.volatility),
                "start_price": .number(s.startPrice), "tick": .number(s.tick), "calendar": .string(s.calendar.rawValue),
            ])]
        }
        source["start"] = data.start.map { .number(Double($0)) } ?? .null
        source["end"] = data.end.map { .number(Double($0)) } ?? .null
        return .object([
            "data": .object(source),
            "platform": .object([
                "initial_capital": .number(platform.initialCapital), "fees_pct": .number(platform.feeRate),
                "slippage_pct": .number(platform.slippage), "fill": .string(platform.fill.rawValue),
                "fractional_units": .bool(!platform.wholeUnits),
            ]),
            "strategy": .object([
                "signal_generator": plugin(strategy.signalGenerator),
                "exit_planner": plugin(strategy.exitPlanner),
                "size_planner": plugin(strategy.sizePlanner),
                "regime_filter": .array(strategy.regimeFilters.map(plugin)),
                "portfolio_overlay": .array(strategy.portfolioOverlays.map(plugin)),
            ]),
            "metrics": .object([
                "periods_per_year": metrics.periodsPerYear.map(CanonicalJSON.number) ?? .string("auto"),
                "risk_free_rate": .number(metrics.riskFreeRate),
            ]),
        ])
    }
}
