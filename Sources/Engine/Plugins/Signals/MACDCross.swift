/// Enters when the MACD line crosses above its signal line; exits when it crosses below.
struct MACDCross: SignalGenerator {
    let line: [Double], signal: [Double]

    static let descriptor = PluginDescriptor(
        name: "macd_cross", summary: "MACD line (EMA fast - EMA slow) crossing its signal line.",
        params: [
            ParamSpec("fast", .integer, default: .integer(12), min: 1, max: 100_000, doc: "Span of the fast EMA."),
            ParamSpec("slow", .integer, default: .integer(26), min: 2, max: 100_000, doc: "Span of the slow EMA."),
            ParamSpec("signal", .integer, default: .integer(9), min: 1, max: 100_000, doc: "Span of the signal line's EMA."),
        ],
        rules: [lessThan("fast", "slow")],
        builder: .signalGenerator { params, data in
            let macd = Indicators.macd(data.bars.close, fast: params.int("fast"), slow: params.int("slow"), signal: params.int("signal"))
            return MACDCross(line: macd.macd, signal: macd.signal)
        })

    func signals() -> SignalSeries { .crossing(line, over: signal) }
}
