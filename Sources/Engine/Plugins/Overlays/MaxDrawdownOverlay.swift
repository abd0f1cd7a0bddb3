/// Stops new entries once equity has fallen more than `max_drawdown` below its peak. While flat
/// the equity does not move, so once tripped it stays tripped: a circuit breaker.
struct MaxDrawdownOverlay: PortfolioOverlay {
    let limit: Double

    static let descriptor = PluginDescriptor(
        name: "max_drawdown_overlay", summary: "No new entries once the equity drawdown exceeds max_drawdown.",
        params: [
            ParamSpec(
                "max_drawdown", .number, default: .number(0.25), min: 0, minExclusive: true, max: 1,
                doc: "Drawdown from the peak, as a fraction, that stops new entries.")
        ],
        builder: .portfolioOverlay { params in MaxDrawdownOverlay(limit: params.double("max_drawdown")) })

    func allowsEntry(equity: Double, peakEquity: Double) -> Bool {
        peakEquity <= 0 || 1 - equity / peakEquity <= limit
    }
}
