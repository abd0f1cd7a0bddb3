import Charts
import Engine
import Foundation
import Study
import Workflows

/// The all-rounder of a variant test over several markets: who it is in a sentence, the ranking,
/// variants x markets coloured by rank, and each market's comparison.
struct AllRounderView {
    let sentence: String
    let table: TableView
    let heatmap: ImageView
    let markets: [MarketComparisonView]
}

/// One market's comparison of the variants.
struct MarketComparisonView {
    let name: String
    let table: TableView
}

extension StudySite {
    /// The all-rounder section and its chart (added to `files`); nil for a study of one market.
    func allRounderSection(_ spec: VariantSpec, _ comparison: VariantComparison, links: [String], _ files: inout [SiteFile])
        -> AllRounderView?
    {
        guard let allRounder = comparison.allRounder, let markets = results.markets else { return nil }
        let names = spec.variants.map(\.name)
        let offset = study.gridPoints.count
        let metricNames = spec.metrics.map { MetricRegistry.definition($0).title }
        let best = allRounder.order[0]
        // Each market's best variant (the lowest mean rank there; ties keep the all-rounder order).
        let winners = markets.markets.indices.map { m in
            allRounder.order.min { allRounder.marketRanks[$0][m] < allRounder.marketRanks[$1][m] }!
        }
        // Markets where the all-rounder ranks last (below every other variant there, not tied with all).
        let losers = markets.markets.indices.filter { m in
            let ranks = names.indices.map { allRounder.marketRanks[$0][m] }
            return allRounder.marketRanks[best][m] == ranks.max() && ranks.min() != ranks.max()
        }
        func list(_ indices: [Int]) -> String { indices.map { markets.markets[$0].name }.joined(separator: ", ") }
        let wins = winners.indices.filter { winners[$0] == best }
        let bests = markets.markets.indices.map { m in
            "\(markets.markets[m].name): \(names[winners[m]]) (\(ValueFormat.fixed(allRounder.marketRanks[winners[m]][m], 2)))"
        }
        let sentence =
            "The all-rounder is \(names[best]): its mean rank over \(spec.metrics.count) metric\(spec.metrics.count == 1 ? "" : "s") (\(metricNames.joined(separator: ", "))) on \(markets.markets.count) markets is \(ValueFormat.fixed(allRounder.meanRanks[best], 2)) among \(names.count) variants. "
            + (wins.isEmpty ? "It is the best on no single market" : "It is the best on \(list(wins))")
            + (losers.isEmpty ? " and the worst on none." : " and the worst on \(list(losers)).")
            + " The best on each market: \(bests.joined(separator: "; "))."
        // The ranking, the all-rounder first; each market's mean rank beside the overall one.
        let columns =
            [
                ColumnView(title: "Rank", numeric: true, descending: false),
                ColumnView(title: "Variant", numeric: false, descending: false),
                ColumnView(title: "Mean rank", numeric: true, descending: false),
            ] + markets.markets.map { ColumnView(title: "Rank on \($0.name)", numeric: true, descending: false) }
        let rows = allRounder.order.enumerated().map { position, v -> RowView in
            RowView(
                cells: [
                    CellView(text: String(position + 1), value: String(position + 1)),
                    CellView(
                        text: names[v] + (v == spec.baseline ? " (baseline)" : ""), value: names[v], link: links[v].isEmpty ? nil : links[v]
                    ),
                    CellView(
                        text: ValueFormat.fixed(allRounder.meanRanks[v], 2), value: NumberText.format(allRounder.meanRanks[v]),
                        best: position == 0),
                ]
                    + markets.markets.indices.map { m in
                        CellView(
                            text: ValueFormat.fixed(allRounder.marketRanks[v][m], 2), value: NumberText.format(allRounder.marketRanks[v][m])
                        )
                    },
                failed: false, unranked: false)
        }
        let table = TableView(
            id: "all-rounder", caption: "Variants by mean rank (1 is best) over the metrics and markets", columns: columns, rows: rows,
            note:
                "Each variant is ranked among the variants on every metric on every market (ties share their mean rank; a missing value ranks last); equal mean ranks keep the baseline, then variant.yaml's order."
        )
        // Variants x markets: colour by the variant's rank on that market, the first metric's value printed.
        let first = spec.metrics[0]
        let format = MetricText.format(for: first)
        let cells = allRounder.order.map { v in
            markets.markets.indices.map { m -> HeatmapChart.Cell? in
                let column = AllRounder.fractionalRanks(names.indices.map { allRounder.marketRanks[$0][m] }, higherIsBetter: false)
                let score = names.count > 1 ? 1 - (column[v] - 1) / Double(names.count - 1) : 1
                let value = markets.runs[offset + v][m].outcome.metrics?[first]
                return HeatmapChart.Cell(score: score, label: format.format(value))
            }
        }
        let chart = HeatmapChart(
            title: "Variants by market (colour: rank on the market over every metric; value: \(MetricRegistry.definition(first).title))",
            xLabel: "market", yLabel: "", columns: markets.markets.map(\.name), rows: allRounder.order.map { names[$0] }, cells: cells,
            colorBar: .init(caption: "rank on the market", ticks: [.init(position: 1, label: "best"), .init(position: 0, label: "worst")]))
        files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("all-rounder"), content: .heatmap(chart)))
        let perMarket = markets.markets.indices.map { m in
            MarketComparisonView(
                name: markets.markets[m].name,
                table: comparisonTable(
                    spec, comparison.perMarket[m], outcomes: spec.variants.indices.map { markets.runs[offset + $0][m].outcome },
                    links: links,
                    id: "variants-\(m + 1)", caption: "Variants on \(markets.markets[m].name) (best value per metric marked ★)"))
        }
        return AllRounderView(
            sentence: sentence, table: table,
            heatmap: ImageView(
                src: OutputLayout.chart("all-rounder"), alt: "Variants by market, coloured by rank", width: Int(chart.width),
                height: Int(chart.height)),
            markets: perMarket)
    }
}
