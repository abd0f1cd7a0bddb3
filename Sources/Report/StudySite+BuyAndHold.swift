import Charts
import Workflows

/// The buy-and-hold line of the charts that overlay several runs.
extension StudySite {
    /// Buy and hold of the bars configurations `runs` traded, when it is one line for all of them
    /// (the same bars, times and initial capital); nil when they differ or one lacks its closes.
    func commonBuyAndHold(_ runs: [Int]) -> LineChart.Series? {
        var common: LineChart.Series?
        for run in runs {
            guard let stored = load(run), let line = RunDetail.buyAndHold(stored, config: study.config(configuration: run)) else {
                return nil
            }
            if let common, common.times != line.times || common.values != line.values { return nil }
            common = line
        }
        return common
    }
}
