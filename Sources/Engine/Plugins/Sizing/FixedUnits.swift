/// Buys a fixed number of units (fewer when equity does not afford them).
struct FixedUnits: SizePlanner {
    let count: Double

    static let descriptor = PluginDescriptor(
        name: "fixed_units", summary: "Buy a fixed number of units, capped at what equity affords.",
        params: [ParamSpec("units", .number, default: .number(1), min: 0, minExclusive: true, max: 1e12, doc: "Units per entry.")],
        builder: .sizePlanner { params in FixedUnits(count: params.double("units")) })

    func units(_ context: SizingContext) -> Double { context.wholeUnits ? count.rounded(.down) : count }
}
