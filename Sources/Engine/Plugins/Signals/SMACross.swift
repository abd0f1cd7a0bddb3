/// Enters when the fast SMA of closes crosses above the slow one; exits when it crosses below.
struct SMACross: SignalGenerator {
    let fast: [Double], slow: [Double]

    static let descriptor = PluginDescriptor(
        name: "sma_cross", summary: "Fast simple moving average of closes crossing the slow one.",
        params: [
            ParamSpec("fast", .integer, default: .integer(10), min: 1, max: 100_000, doc: "Bars in the fast average."),
            ParamSpec("slow", .integer, default: .integer(30), min: 2, max: 100_000, doc: "Bars in the slow average."),
        ],
        rules: [lessThan("fast", "slow")],
        builder: .signalGenerator { params, data in
            SMACross(fast: data.smaClose(params.int("fast")), slow: data.smaClose(params.int("slow")))
        })

    func signals() -> SignalSeries { .crossing(fast, over: slow) }
}
