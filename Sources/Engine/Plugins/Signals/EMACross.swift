/// Enters when the fast EMA of closes crosses above the slow one; exits when it crosses below.
struct EMACross: SignalGenerator {
    let fast: [Double], slow: [Double]

    static let descriptor = PluginDescriptor(
        name: "ema_cross", summary: "Fast exponential moving average of closes crossing the slow one.",
        params: [
            ParamSpec("fast", .integer, default: .integer(12), min: 1, max: 100_000, doc: "Span of the fast average in bars."),
            ParamSpec("slow", .integer, default: .integer(26), min: 2, max: 100_000, doc: "Span of the slow average in bars."),
        ],
        rules: [lessThan("fast", "slow")],
        builder: .signalGenerator { params, data in
            EMACross(fast: data.emaClose(params.int("fast")), slow: data.emaClose(params.int("slow")))
        })

    func signals() -> SignalSeries { .crossing(fast, over: slow) }
}
