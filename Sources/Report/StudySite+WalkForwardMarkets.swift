import Charts
import Engine
import Foundation
import Study
import Workflows

/// A walk-forward over several markets on its page: the markets as one, and a row per market.
extension StudySite {
    /// What the walk-forwards over the markets found, in sentences.
    func aggregateSummary(_ aggregate: WalkForwardAggregate, _ markets: [WalkForwardResults]) -> [String] {
        let starts = markets.compactMap { $0.windows.first?.window.outOfSample.tradeStart }
        let ends = markets.compactMap { $0.windows.last?.window.outOfSample.end }
        var sentences: [String] = []
        let span =
            "\(aggregate.windows) windows in all, out of sample from \(DateText.start(starts.min() ?? 0)) to \(DateText.end(ends.max() ?? 0))"
        if let stitched = aggregate.stitched {
            var text =
                "Each of the \(markets.count) markets was walked forward on its own windows (\(span)); held in equal weight, their out-of-sample equities returned \(MetricText.text(stitched.metrics[.totalReturn], .totalReturn)) (Sharpe ratio \(MetricText.text(stitched.metrics[.sharpeRatio], .sharpeRatio)))"
            if let hindsight = aggregate.hindsight {
                text +=
                    ", against \(MetricText.text(hindsight.metrics[.totalReturn], .totalReturn)) (Sharpe ratio \(MetricText.text(hindsight.metrics[.sharpeRatio], .sharpeRatio))) for each market's whole-period best, chosen with hindsight"
            }
            sentences.append(text + ".")
            // Markets out of sample over different dates: outside its own a market counts 0.
            let spans = markets.map { ($0.windows.first?.window.outOfSample.tradeStart, $0.windows.last?.window.outOfSample.end) }
            if Set(spans.map { "\($0.0 ?? 0) \($0.1 ?? 0)" }).count > 1 {
                let each = zip(markets, spans).map { market, span in
                    "\(study.markets[market.market].name) \(span.0.map(DateText.start) ?? "?") to \(span.1.map(DateText.end) ?? "?")"
                }
                sentences.append(
                    "The markets are out of sample over different dates (\(each.joined(separator: "; "))): on a day outside its own a market counts 0 in the portfolio, which dilutes its returns, and the portfolio is annualised at the largest periods per year among the markets."
                )
            }
            let gaining = markets.count { ($0.stitched?.metrics[.totalReturn] ?? 0) > 0 }
            sentences.append("Out of sample, the walk-forward made money on \(gaining) of \(markets.count) markets.")
        } else {
            let missing = markets.first { $0.stitched == nil }.map { study.markets[$0.market].name } ?? "?"
            sentences.append(
                "Each of the \(markets.count) markets was walked forward on its own windows (\(span)); the markets cannot be held together: \(missing)'s out-of-sample equity cannot be stitched."
            )
        }
        return sentences
            + Self.windowSentences(
                efficiency: aggregate.efficiency, windows: aggregate.windows, traded: aggregate.traded, profitable: aggregate.profitable,
                of:
                    "the portfolio's annualised out-of-sample return over the mean annualised in-sample return of every market's chosen runs"
            )
    }

    /// One row per market and one for the markets held together.
    func marketsTable(_ aggregate: WalkForwardAggregate, _ markets: [WalkForwardResults]) -> TableView {
        let columns = [
            ColumnView(title: "Market", numeric: false, descending: false),
            ColumnView(title: "Windows", numeric: true, descending: true),
            ColumnView(title: "Profitable", numeric: true, descending: true),
            ColumnView(title: "Return out of sample", numeric: true, descending: true),
            ColumnView(title: "Sharpe ratio out of sample", numeric: true, descending: true),
            ColumnView(title: "Max drawdown out of sample", numeric: true, descending: false),
            ColumnView(title: "Efficiency", numeric: true, descending: true),
            ColumnView(title: "Return, hindsight best", numeric: true, descending: true),
        ]
        func cells(
            _ name: String, link: String?, windows: Int, traded: Int, profitable: Int, metrics: Metrics?, efficiency: Double?,
            hindsight: Metrics?
        )
            -> [CellView]
        {
            func metric(_ value: Double?, _ id: MetricID) -> CellView {
                CellView(text: MetricText.text(value, id), value: MetricText.raw(value), negative: (value ?? 0) < 0)
            }
            return [
                CellView(text: name, value: name, link: link),
                CellView(text: traded < windows ? "\(windows) (\(windows - traded) skipped)" : String(windows), value: String(windows)),
                CellView(text: String(profitable), value: String(profitable)),
                metric(metrics?[.totalReturn], .totalReturn), metric(metrics?[.sharpeRatio], .sharpeRatio),
                metric(metrics?[.maxDrawdown], .maxDrawdown),
                CellView(text: ValueFormat.percent.format(efficiency), value: MetricText.raw(efficiency), negative: (efficiency ?? 0) < 0),
                metric(hindsight?[.totalReturn], .totalReturn),
            ]
        }
        var rows = markets.map { market in
            RowView(
                cells: cells(
                    study.markets[market.market].name, link: "#market-\(market.market + 1)", windows: market.windows.count,
                    traded: market.traded, profitable: market.profitable, metrics: market.stitched?.metrics, efficiency: market.efficiency,
                    hindsight: market.hindsight?.run.outcome.metrics), failed: false, unranked: false)
        }
        rows.append(
            RowView(
                cells: cells(
                    "All markets, equal weight", link: nil, windows: aggregate.windows, traded: aggregate.traded,
                    profitable: aggregate.profitable, metrics: aggregate.stitched?.metrics, efficiency: aggregate.efficiency,
                    hindsight: aggregate.hindsight?.metrics), failed: false, unranked: true))
        return TableView(
            id: "markets", caption: "Each market walked forward, and the markets held together", columns: columns, rows: rows,
            note:
                "Each market's windows are cut from its own bars and choose by its own in-sample runs. The last row holds the markets' stitched equities in equal weight, rebalanced daily; its hindsight is the same portfolio of each market's whole-period best."
        )
    }

    /// The markets' stitched equities held together, against the same of their hindsight runs,
    /// over each market's own stitched equity.
    func aggregateChart(_ aggregate: WalkForwardAggregate, _ markets: [WalkForwardResults], _ files: inout [SiteFile]) -> ImageView? {
        guard let stitched = aggregate.stitched else { return nil }
        var series = [
            LineChart.Series(
                name: "All markets, equal weight: walk-forward", times: stitched.times, values: stitched.equity, color: Palette.series(0),
                emphasized: true)
        ]
        if let hindsight = aggregate.hindsight {
            series.append(
                LineChart.Series(
                    name: "All markets, equal weight: each market's whole-period best, chosen with hindsight", times: hindsight.times,
                    values: hindsight.equity, color: Palette.series(1), emphasized: true))
        }
        for (k, market) in markets.enumerated() {
            guard let curve = market.stitched else { continue }
            series.append(
                LineChart.Series(
                    name: "\(study.markets[market.market].name): walk-forward", times: curve.times, values: curve.equity,
                    color: Palette.series(2 + k)))
        }
        // No buy and hold: the markets held together would need each market's closes at its day ends.
        let chart = LineChart.equity(
            title: "Out-of-sample equity over \(markets.count) markets", series: series, buyAndHold: nil, currency: study.base.currency,
            height: 420)
        files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("walkforward-equity"), content: .lineChart(chart)))
        return ImageView(
            src: OutputLayout.chart("walkforward-equity"), alt: "The markets' stitched out-of-sample equity held in equal weight",
            width: Int(chart.width), height: Int(chart.height))
    }
}
