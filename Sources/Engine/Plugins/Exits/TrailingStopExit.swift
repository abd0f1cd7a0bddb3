/// A stop `trail_pct` below the highest high since entry (the fill price on the entry bar); it
/// only rises. The high of a bar moves the stop from the next bar on, never within the bar.
struct TrailingStopExit: ExitPlanner {
    let trail: Double, honoursSignalExit: Bool

    static let descriptor = PluginDescriptor(
        name: "trailing_stop_exit", summary: "Stop trail_pct below the highest high since entry, moved up after each bar.",
        params: [
            ParamSpec(
                "trail_pct", .number, default: .number(0.05), min: 0, minExclusive: true, max: 1,
                doc: "Distance of the stop below the highest high, as a fraction."),
            ignoreSignalExitParam,
        ],
        providesStop: true,
        builder: .exitPlanner { params, _ in
            TrailingStopExit(trail: params.double("trail_pct"), honoursSignalExit: !params.bool("ignore_signal_exit"))
        })

    func levels(entryPrice price: Double, signalBar: Int) -> ExitLevels { ExitLevels(stop: price * (1 - trail)) }
    var trailFraction: Double? { trail }
    var maxBars: Int? { nil }
}
