/// A stop and a target at fixed fractions below and above the fill price.
struct FixedPercentageExit: ExitPlanner {
    let stopFraction: Double, targetFraction: Double, honoursSignalExit: Bool

    static let descriptor = PluginDescriptor(
        name: "fixed_percentage_exit", summary: "Stop at P*(1-stop_pct) and target at P*(1+target_pct) from the fill price P.",
        params: [
            ParamSpec(
                "stop_pct", .number, default: .number(0.02), min: 0, minExclusive: true, max: 1,
                doc: "Stop distance as a fraction of the fill price."),
            ParamSpec(
                "target_pct", .number, default: .number(0.04), min: 0, minExclusive: true, max: 100,
                doc: "Target distance as a fraction of the fill price."),
            ignoreSignalExitParam,
        ],
        providesStop: true,
        builder: .exitPlanner { params, _ in
            FixedPercentageExit(
                stopFraction: params.double("stop_pct"), targetFraction: params.double("target_pct"),
                honoursSignalExit: !params.bool("ignore_signal_exit"))
        })

    func levels(entryPrice price: Double, signalBar: Int) -> ExitLevels {
        ExitLevels(stop: price * (1 - stopFraction), target: price * (1 + targetFraction))
    }
    var trailFraction: Double? { nil }
    var maxBars: Int? { nil }
}
