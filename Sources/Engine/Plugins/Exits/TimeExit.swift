/// Closes a position after it has been held for `bars` bars (decided at the close of the
/// `bars`-th bar, filled like a signal exit).
struct TimeExit: ExitPlanner {
    let bars: Int, honoursSignalExit: Bool

    static let descriptor = PluginDescriptor(
        name: "time_exit", summary: "Exit after holding for a number of bars.",
        params: [
            ParamSpec("bars", .integer, default: .integer(10), min: 1, max: 10_000_000, doc: "Bars to hold, the entry bar included."),
            ignoreSignalExitParam,
        ],
        builder: .exitPlanner { params, _ in
            TimeExit(bars: params.int("bars"), honoursSignalExit: !params.bool("ignore_signal_exit"))
        })

    func levels(entryPrice price: Double, signalBar: Int) -> ExitLevels { ExitLevels() }
    var trailFraction: Double? { nil }
    var maxBars: Int? { bars }
}
