import Charts
import Engine
import Study
import Workflows

extension StudySite {
    /// Over several markets, every metric of configuration `c` on each market beside their aggregate.
    func marketsTable(_ c: Int) -> TableView? {
        guard let markets = results.markets else { return nil }
        let runs = markets.runs[c]
        let aggregate = results.configurations[c].outcome.metrics
        let rows = MetricRegistry.all.map { definition -> RowView in
            let values = runs.map { $0.outcome.metrics?[definition.id] } + [aggregate?[definition.id]]
            return RowView(
                cells: [CellView(text: definition.title, value: definition.title)]
                    + values.map { CellView(text: MetricText.text($0, definition.id), value: MetricText.raw($0), negative: ($0 ?? 0) < 0) },
                failed: false, unranked: false)
        }
        return TableView(
            id: "markets",
            caption: c < study.gridPoints.count
                ? "Each market, and the \(markets.aggregate.rawValue) that ranks the configuration"
                : "Each market, and their \(markets.aggregate.rawValue)",
            columns: [ColumnView(title: "Metric", numeric: false, descending: false)]
                + markets.markets.map { ColumnView(title: $0.name, numeric: true, descending: true) }
                + [ColumnView(title: markets.aggregate.rawValue.capitalized, numeric: true, descending: true)],
            rows: rows,
            note:
                "The equity, drawdown and monthly returns below are those of the markets' equal-weight portfolio, rebalanced daily; the trades are every market's."
        )
    }
}
