/// Invests a fraction of equity, fees included: units = f * equity / (P * (1 + fee)).
struct FixedFraction: SizePlanner {
    let fraction: Double

    static let descriptor = PluginDescriptor(
        name: "fixed_fraction", summary: "Buy with a fraction of equity, fees included.",
        params: [
            ParamSpec("fraction", .number, default: .number(1), min: 0, minExclusive: true, max: 1, doc: "Fraction of equity to invest.")
        ],
        builder: .sizePlanner { params in FixedFraction(fraction: params.double("fraction")) })

    func units(_ context: SizingContext) -> Double { context.affordable(fraction: fraction) }
}
