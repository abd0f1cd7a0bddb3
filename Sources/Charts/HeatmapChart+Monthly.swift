import Foundation

/// Monthly returns as a picture: years down, months across, coloured on a diverging scale
/// centred on zero.
extension HeatmapChart {
    /// The column headers, January first.
    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A row per year (`years[i]`, the first at the top) and a column per month; `returns[i][m]` is
    /// month m + 1's return as a fraction, nil where the run has none. Colours run from red
    /// (losses) through the neutral at zero to blue (gains) over ± the largest absolute return, so
    /// that equal gains and losses are equally strong; each cell prints its return in percent with
    /// one decimal.
    public static func monthlyReturns(years: [String], returns: [[Double?]], width: Double = 640) -> HeatmapChart {
        let bound = monthlyBound(returns)
        let cells = returns.map { row in
            row.map { value in
                value.flatMap { $0.isFinite ? Cell(score: centredScore($0, bound: bound), label: ValueFormat.fixed($0 * 100, 1)) : nil }
            }
        }
        var ticks: [ColorBar.Tick] = [.init(position: 0.5, label: "0%")]
        if bound > 0 {
            let scale = NiceScale(min: -bound, max: bound, maxTicks: 5)
            ticks = scale.ticks.filter { abs($0) <= bound * (1 + 1e-12) }.map {
                .init(position: centredScore($0, bound: bound), label: percentLabel($0))
            }
        }
        return HeatmapChart(
            title: "Monthly returns [%]", xLabel: "", yLabel: "", columns: monthNames, rows: years, cells: cells,
            colorBar: ColorBar(caption: "Return (0 is neutral)", ticks: ticks), scheme: .diverging, width: width,
            height: max(190, 84 + 28 * Double(years.count)))
    }

    /// A tick in percent with as few decimals as write it exactly (2.5%, not 3%), at most three.
    static func percentLabel(_ value: Double) -> String {
        let percent = value * 100
        let decimals = (0...3).first { abs((percent * pow(10, Double($0))).rounded() - percent * pow(10, Double($0))) < 1e-6 } ?? 3
        return ValueFormat.fixed(percent, decimals) + "%"
    }

    /// The half-width of the monthly scale: the largest absolute finite return (0 when there is none).
    public static func monthlyBound(_ returns: [[Double?]]) -> Double {
        returns.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0
    }

    /// Where `value` sits on a scale symmetric about zero: 0.5 + value / (2 × bound), so 0 is 0.5,
    /// `bound` is 1 and `-bound` is 0 (0.5 for every value when `bound` is 0).
    public static func centredScore(_ value: Double, bound: Double) -> Double {
        bound > 0 ? 0.5 + value / (2 * bound) : 0.5
    }
}
