/// Sizes so that a fill at the stop loses `risk_pct` of equity: units = risk * equity / (P - stop),
/// capped at what equity affords.
struct FixedRisk: SizePlanner {
    let risk: Double

    static let descriptor = PluginDescriptor(
        name: "fixed_risk", summary: "Size so that hitting the stop loses risk_pct of equity (needs an exit planner with a stop).",
        params: [
            ParamSpec(
                "risk_pct", .number, default: .number(0.01), min: 0, minExclusive: true, max: 1, doc: "Equity fraction lost at the stop.")
        ],
        builder: .sizePlanner { params in FixedRisk(risk: params.double("risk_pct")) })

    func units(_ context: SizingContext) -> Double {
        guard let stop = context.stop, stop < context.price else { return 0 }
        return context.units(risk * context.equity, over: context.price - stop)
    }
}
