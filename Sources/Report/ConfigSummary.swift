import Charts
import Engine
import Study

/// A run.yaml in a few readable lines, for the top of a page.
enum ConfigSummary {
    /// The lines of `config`; with several `markets`, one line per market instead of its data.
    static func pairs(_ config: AppConfig, markets: [Market] = []) -> [PairView] {
        var pairs: [PairView] = []
        if markets.count > 1 {
            pairs += markets.map { PairView(name: "Market \($0.name)", value: source($0.data)) }
        } else {
            pairs.append(PairView(name: "Data", value: source(config.data)))
        }
        if markets.count <= 1, config.data.start != nil || config.data.end != nil {
            let from = config.data.start.map { UTCDate.iso8601($0, dateOnly: true) } ?? "start"
            let to =
                config.data.end.map {
                    UTCDate.iso8601(
                        $0 - ($0 % UTCDate.millisPerDay == UTCDate.millisPerDay - 1 ? UTCDate.millisPerDay - 1 : 0), dateOnly: true)
                } ?? "end"
            pairs.append(PairView(name: "Range", value: "\(from) to \(to)"))
        }
        let p = config.platform
        pairs.append(
            PairView(
                name: "Platform",
                value:
                    "capital \(ValueFormat.money.format(p.initialCapital))\(config.currency.map { " \($0)" } ?? ""); fees \(ValueFormat.percent.format(p.feeRate)) a side; slippage \(ValueFormat.percent.format(p.slippage)); fills at \(p.fill == .nextOpen ? "the next open" : "the close"); \(p.wholeUnits ? "whole units" : "fractional units")"
            ))
        let s = config.strategy
        pairs.append(PairView(name: "Signals", value: plugin(s.signalGenerator)))
        pairs.append(PairView(name: "Exit", value: plugin(s.exitPlanner)))
        pairs.append(PairView(name: "Size", value: plugin(s.sizePlanner)))
        if !s.regimeFilters.isEmpty { pairs.append(PairView(name: "Filters", value: s.regimeFilters.map(plugin).joined(separator: "; "))) }
        if !s.portfolioOverlays.isEmpty {
            pairs.append(PairView(name: "Overlays", value: s.portfolioOverlays.map(plugin).joined(separator: "; ")))
        }
        return pairs
    }

    static func plugin(_ choice: PluginChoice) -> String {
        let params = choice.params.values.keys.sorted().map { "\($0)=\(choice.params.values[$0]!)" }
        return params.isEmpty ? choice.name : "\(choice.name)(\(params.joined(separator: ", ")))"
    }

    /// A data section's source in words.
    static func source(_ data: DataConfig) -> String {
        switch data.source {
        case .file(_, let shown): return shown
        case .synthetic(let s):
            return
                "synthetic: seed \(s.seed), \(s.bars) bars of \(s.timeframe) from \(UTCDate.iso8601(s.start, dateOnly: true)), drift \(ValueFormat.percent.format(s.drift)), volatility \(ValueFormat.percent.format(s.volatility))\(s.momentum == 0 ? "" : ", momentum \(NumberText.format(s.momentum))") (\(s.calendar.rawValue))"
        }
    }
}
