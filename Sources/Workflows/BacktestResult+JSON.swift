import Engine
import Study

extension BacktestResult {
    /// The JSON of `backlab run --json` (DESIGN section 5): config hash, metrics (null where
    /// undefined), trades and the equity curve as [time, value] pairs.
    public var jsonText: String {
        var out = "{\"config_hash\":"
        CanonicalJSON.quote(configHash, into: &out)
        out += ",\"metrics\":{"
        for (i, definition) in MetricRegistry.all.enumerated() {
            if i > 0 { out += "," }
            out += "\"\(definition.id.rawValue)\":" + (metrics[definition.id].map(NumberText.format) ?? "null")
        }
        out += "},\"trades\":["
        for (i, trade) in trades.enumerated() {
            if i > 0 { out += "," }
            out += "{\"entry_time\":\"\(UTCDate.iso8601(trade.entryTime))\",\"exit_time\":\"\(UTCDate.iso8601(trade.exitTime))\""
            out += ",\"entry_bar\":\(trade.entryBar),\"exit_bar\":\(trade.exitBar)"
            out += ",\"entry_price\":\(NumberText.format(trade.entryPrice)),\"exit_price\":\(NumberText.format(trade.exitPrice))"
            out += ",\"size\":\(NumberText.format(trade.size)),\"fees\":\(NumberText.format(trade.fees))"
            out += ",\"pnl\":\(NumberText.format(trade.pnl)),\"return\":\(NumberText.format(trade.returnFraction))"
            out += ",\"exit_reason\":\"\(trade.exitReason.rawValue)\"}"
        }
        out += "],\"equity\":["
        for i in 0..<equity.count {
            if i > 0 { out += "," }
            out += "[\"\(UTCDate.iso8601(time[i]))\",\(NumberText.format(equity[i]))]"
        }
        out += "]}"
        return out
    }
}
