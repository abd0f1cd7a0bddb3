/// Mean reversion on Wilder's RSI: enters when the RSI falls below `lower` (oversold), exits
/// when it rises above `upper` (overbought).
struct RSIReversion: SignalGenerator {
    let rsi: [Double], lower: Double, upper: Double

    static let descriptor = PluginDescriptor(
        name: "rsi_reversion", summary: "Buy when Wilder's RSI drops below lower, sell when it rises above upper.",
        params: [
            ParamSpec("period", .integer, default: .integer(14), min: 2, max: 10_000, doc: "RSI period in bars."),
            ParamSpec("lower", .number, default: .number(30), min: 0, max: 100, doc: "Oversold level: entry when RSI crosses below it."),
            ParamSpec("upper", .number, default: .number(70), min: 0, max: 100, doc: "Overbought level: exit when RSI crosses above it."),
        ],
        rules: [lessThan("lower", "upper")],
        builder: .signalGenerator { params, data in
            let period = params.int("period")
            return RSIReversion(
                rsi: data.indicator("rsi:\(period)") { Indicators.rsi($0.close, period: period) },
                lower: params.double("lower"), upper: params.double("upper"))
        })

    func signals() -> SignalSeries {
        let n = rsi.count
        var flags = [UInt8](repeating: 0, count: n)
        guard n > 1 else { return SignalSeries(flags: flags) }
        for t in 1..<n {
            if rsi[t - 1] >= lower && rsi[t] < lower {
                flags[t] = SignalSeries.entry
            } else if rsi[t - 1] <= upper && rsi[t] > upper {
                flags[t] = SignalSeries.exit
            }
        }
        return SignalSeries(flags: flags)
    }
}
