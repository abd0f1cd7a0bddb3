/// Enters when the close breaks above the highest high of the previous `period` bars; exits when
/// it breaks below their lowest low.
struct DonchianBreakout: SignalGenerator {
    let close: [Double], upper: [Double], lower: [Double]

    static let descriptor = PluginDescriptor(
        name: "donchian_breakout", summary: "Close breaking out of the channel of the previous period's highs and lows.",
        params: [ParamSpec("period", .integer, default: .integer(20), min: 1, max: 100_000, doc: "Bars in the channel.")],
        builder: .signalGenerator { params, data in
            let period = params.int("period")
            let channel = Indicators.donchian(high: data.bars.high, low: data.bars.low, period: period)
            return DonchianBreakout(close: data.bars.close, upper: channel.upper, lower: channel.lower)
        })

    func signals() -> SignalSeries { .breakout(close, above: upper, exitBelow: lower) }
}
