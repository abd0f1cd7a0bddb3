/// Exits only on the generator's exit signal.
struct SignalExit: ExitPlanner {
    static let descriptor = PluginDescriptor(
        name: "signal_exit", summary: "Exit only on the signal generator's exit signal.", params: [],
        builder: .exitPlanner { _, _ in SignalExit() })

    func levels(entryPrice price: Double, signalBar: Int) -> ExitLevels { ExitLevels() }
    var trailFraction: Double? { nil }
    var maxBars: Int? { nil }
    var honoursSignalExit: Bool { true }
}

/// The `ignore_signal_exit` parameter every exit planner but `signal_exit` has.
let ignoreSignalExitParam = ParamSpec(
    "ignore_signal_exit", .boolean, default: .boolean(false),
    doc: "When true, the generator's exit signal does not close the position.")
