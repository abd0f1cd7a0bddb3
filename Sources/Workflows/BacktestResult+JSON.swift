import Engine
import Study

extension BacktestResult {
    /// The JSON of `backlab run --json` (DESIGN section 5): config hash, metrics (null where
    /// undefined), trades and the equity curve as [time, value] pairs.
    public var jsonText: String { json.text(.compact) }

    /// `run --json` as a value.
    var json: JSONValue {
        let trades: [JSONValue] = trades.map { trade in
            .object([
                ("entry_time", .string(UTCDate.iso8601(trade.entryTime))), ("exit_time", .string(UTCDate.iso8601(trade.exitTime))),
                ("entry_bar", .integer(trade.entryBar)), ("exit_bar", .integer(trade.exitBar)),
                ("entry_price", .number(trade.entryPrice)), ("exit_price", .number(trade.exitPrice)),
                ("size", .number(trade.size)), ("fees", .number(trade.fees)),
                ("pnl", .number(trade.pnl)), ("return", .number(trade.returnFraction)),
                ("exit_reason", .string(trade.exitReason.rawValue)),
            ])
        }
        return .object([
            ("config_hash", .string(configHash)),
            ("metrics", .object(MetricRegistry.all.map { ($0.id.rawValue, metrics[$0.id].map(JSONValue.number) ?? .null) })),
            ("trades", .array(trades)),
            ("equity", .array(equity.indices.map { .array([.string(UTCDate.iso8601(time[$0])), .number(equity[$0])]) })),
        ])
    }
}
