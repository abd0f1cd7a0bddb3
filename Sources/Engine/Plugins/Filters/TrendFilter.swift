/// Allows entries only while the close is above its simple moving average.
struct TrendFilter: RegimeFilter {
    let close: [Double], average: [Double]

    static let descriptor = PluginDescriptor(
        name: "trend_filter", summary: "Entries only while the close is above its SMA.",
        params: [ParamSpec("period", .integer, default: .integer(200), min: 1, max: 100_000, doc: "Bars in the average.")],
        builder: .regimeFilter { params, data in
            TrendFilter(close: data.bars.close, average: data.smaClose(params.int("period")))
        })

    func allowsEntry() -> [Bool] { zip(close, average).map { $0 > $1 } }
}
