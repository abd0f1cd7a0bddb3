/// Allows entries only while ATR / close is at most `max_atr_pct` (calm markets).
struct VolatilityFilter: RegimeFilter {
    let close: [Double], atr: [Double], limit: Double

    static let descriptor = PluginDescriptor(
        name: "volatility_filter", summary: "Entries only while ATR as a fraction of the close is at most max_atr_pct.",
        params: [
            ParamSpec("period", .integer, default: .integer(14), min: 1, max: 100_000, doc: "ATR period in bars."),
            ParamSpec(
                "max_atr_pct", .number, default: .number(0.05), min: 0, minExclusive: true, max: 10,
                doc: "Largest ATR/close that allows an entry."),
        ],
        builder: .regimeFilter { params, data in
            VolatilityFilter(close: data.bars.close, atr: data.atr(params.int("period")), limit: params.double("max_atr_pct"))
        })

    func allowsEntry() -> [Bool] { zip(atr, close).map { $0 / $1 <= limit } }
}
