import Charts
import Engine
import Study
import Workflows

/// The readable summary of `backlab run`: what ran, the metrics table, trades by exit reason.
struct RunSummary {
    let result: BacktestResult
    let path: String
    /// The market chosen with --market, if any.
    var market: String? = nil

    var text: String {
        var lines: [String] = []
        let config = result.config
        lines.append((config.name.map { "\($0)  (\(path))" } ?? path) + (market.map { ", market \($0)" } ?? ""))
        let first = result.time.first.map { UTCDate.iso8601($0, dateOnly: true) } ?? "-"
        let last = result.time.last.map { UTCDate.iso8601($0, dateOnly: true) } ?? "-"
        lines.append("\(result.time.count) bars, \(first) to \(last); \(describe(config.strategy))")
        lines.append("config hash \(result.configHash)")
        lines.append("")
        let width = MetricRegistry.all.map(\.title.count).max() ?? 20
        for definition in MetricRegistry.all {
            let title = definition.title.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(title)  \(MetricText.text(result.metrics[definition.id], definition.id))")
        }
        lines.append("")
        var counts: [ExitReason: Int] = [:]
        for trade in result.trades { counts[trade.exitReason, default: 0] += 1 }
        let byReason = ExitReason.allCases.compactMap { reason in counts[reason].map { "\(reason.rawValue) \($0)" } }
        lines.append("Trades by exit reason: " + (byReason.isEmpty ? "none" : byReason.joined(separator: ", ")))
        for warning in result.warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ strategy: StrategySpec) -> String {
        func plugin(_ choice: PluginChoice) -> String {
            let params = choice.params.values.keys.sorted().map { "\($0)=\(choice.params.values[$0]!)" }
            return params.isEmpty ? choice.name : "\(choice.name)(\(params.joined(separator: ", ")))"
        }
        var parts = [plugin(strategy.signalGenerator), plugin(strategy.exitPlanner), plugin(strategy.sizePlanner)]
        parts += strategy.regimeFilters.map(plugin) + strategy.portfolioOverlays.map(plugin)
        return parts.joined(separator: " + ")
    }
}
