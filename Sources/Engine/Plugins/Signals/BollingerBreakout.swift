/// Enters when the close crosses above the upper Bollinger band; exits when it crosses back
/// below the middle band.
struct BollingerBreakout: SignalGenerator {
    let close: [Double], upper: [Double], middle: [Double]

    static let descriptor = PluginDescriptor(
        name: "bollinger_breakout", summary: "Close crossing above the upper Bollinger band; exit below the middle band.",
        params: [
            ParamSpec("period", .integer, default: .integer(20), min: 2, max: 100_000, doc: "Bars in the moving average and deviation."),
            ParamSpec(
                "stddev", .number, default: .number(2), min: 0, minExclusive: true, max: 10,
                doc: "Band width in population standard deviations."),
        ],
        builder: .signalGenerator { params, data in
            let bands = Indicators.bollinger(data.bars.close, period: params.int("period"), width: params.double("stddev"))
            return BollingerBreakout(close: data.bars.close, upper: bands.upper, middle: bands.middle)
        })

    func signals() -> SignalSeries { .breakout(close, above: upper, exitBelow: middle) }
}
