import Foundation

/// Equity charts: money on a value axis named with its currency, buy and hold of the same bars as
/// a grey reference line, and a logarithmic axis once the lines span more than tenfold.
extension LineChart {
    /// An equity chart's value axis turns logarithmic when its largest value is more than this many
    /// times its smallest (all of them positive).
    public static let logScaleRatio = 10.0

    /// Whether `values` (their finite ones) call for a logarithmic axis: all positive, and the
    /// largest more than `logScaleRatio` times the smallest.
    public static func spansLogRange(_ values: [Double]) -> Bool {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), low > 0 else { return false }
        return high / low > logScaleRatio
    }

    /// The equity axis' caption: "Equity", or with a currency "Equity [EUR]".
    public static func equityLabel(currency: String?) -> String {
        currency.map { "Equity [\($0)]" } ?? "Equity"
    }

    /// The legend text of the buy-and-hold line.
    public static let buyAndHoldName = "Buy and hold"

    /// Buy and hold of the bars a run traded: `capital` × close / first close at each time, as a
    /// grey reference line; nil without closes or when the first close is not a positive number.
    public static func buyAndHold(times: [Int64], closes: [Double], capital: Double) -> Series? {
        guard let first = closes.first, first > 0, first.isFinite, closes.count == times.count else { return nil }
        return Series(
            name: buyAndHoldName, times: times, values: closes.map { capital * $0 / first }, color: Palette.reference, reference: true)
    }

    /// An equity chart of `series`, with `buyAndHold` (if any) listed last and drawn under them, its
    /// axis logarithmic when everything plotted spans more than `logScaleRatio`.
    public static func equity(
        title: String, series: [Series], buyAndHold: Series?, currency: String?, width: Double = 900, height: Double = 380
    ) -> LineChart {
        let lines = series + (buyAndHold.map { [$0] } ?? [])
        return LineChart(
            title: title, yLabel: equityLabel(currency: currency), series: lines, yFormat: .money,
            logScale: spansLogRange(lines.flatMap(\.values)), width: width, height: height)
    }
}
