import Charts
import Engine
import Foundation
import Study
import Workflows

/// The variants section of a study page: comparison table, equity and drawdown overlays, rank heatmap.
extension StudySite {
    func variantSection(_ spec: VariantSpec, _ comparison: VariantComparison, _ files: inout [SiteFile]) -> VariantSectionView {
        let offset = study.gridPoints.count
        var equitySeries: [LineChart.Series] = []
        var drawdownSeries: [LineChart.Series] = []
        var links: [String] = []
        for (index, variant) in spec.variants.enumerated() {
            let run = offset + index
            guard let stored = load(run) else {
                links.append("")
                continue
            }
            let color = Palette.series(index)
            equitySeries.append(
                .init(name: variant.name, times: stored.equityTime, values: stored.equity, color: color, emphasized: index == spec.baseline)
            )
            drawdownSeries.append(
                .init(
                    name: variant.name, times: stored.equityTime, values: RunDetail.drawdown(stored.equity), color: color,
                    emphasized: index == spec.baseline))
            let detail = RunDetail.make(
                label: variant.name, config: variant.config, markets: study.markets, stored: stored,
                prefix: OutputLayout.runChartPrefix(run), studyPath: id,
                pageDirectory: "runs")
            files += detail.files
            let runPage = RunPageView(
                page: PageView(
                    title: "\(study.base.name ?? id): \(variant.name)", root: "../../",
                    crumbs: [
                        PairView(name: "Studies", value: "../../index.html"), PairView(name: study.base.name ?? id, value: "../index.html"),
                    ]),
                detail: detail.view, rank: index == spec.baseline ? "the baseline" : "a variant", markets: marketsTable(run))
            files.append(.page("\(id)/\(OutputLayout.runPage(run))", template: "run", runPage))
            links.append(OutputLayout.runPage(run))
        }
        let equity = LineChart.equity(
            title: "Equity of every variant", series: equitySeries, buyAndHold: commonBuyAndHold(spec.variants.indices.map { offset + $0 }),
            currency: study.base.currency, height: 420)
        let drawdown = LineChart(
            title: "Drawdown of every variant", yLabel: "Below the running peak [%]", series: drawdownSeries, yFormat: .percent,
            fillToZero: true, height: 300)
        let metricDefinitions = spec.metrics.map(MetricRegistry.definition)
        let heatmap = HeatmapChart.ranks(
            title: "Variants by metric (colour: rank within each metric)", variants: spec.variants.map(\.name),
            metrics: metricDefinitions.map { ($0.title, $0.direction == .higher, MetricText.format(for: $0.id)) },
            values: spec.variants.indices.map { v in spec.metrics.map { results.configurations[offset + v].outcome.metrics?[$0] } })
        files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("variants-equity"), content: .lineChart(equity)))
        files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("variants-drawdown"), content: .lineChart(drawdown)))
        files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("variants-metrics"), content: .heatmap(heatmap)))
        let table = comparisonTable(
            spec, comparison, outcomes: spec.variants.indices.map { results.configurations[offset + $0].outcome }, links: links,
            id: "variants",
            caption: results.markets.map {
                "Variants, each metric the \($0.aggregate.rawValue) over \($0.markets.count) markets (best marked ★)"
            }
                ?? "Variants (best value per metric marked ★)")
        let differences = spec.variants.indices.map { index in
            DifferenceView(
                variant: spec.variants[index].name, link: links[index], isBaseline: index == spec.baseline,
                items: comparison.differences[index].map { DifferenceItemView(path: $0.path, baseline: $0.baseline, variant: $0.variant) },
                none: comparison.differences[index].isEmpty)
        }
        return VariantSectionView(
            baseline: spec.variants[spec.baseline].name,
            table: table, allRounder: allRounderSection(spec, comparison, links: links, &files),
            equity: ImageView(
                src: OutputLayout.chart("variants-equity"), alt: "Equity curves of every variant", width: Int(equity.width),
                height: Int(equity.height)),
            drawdown: ImageView(
                src: OutputLayout.chart("variants-drawdown"), alt: "Drawdowns of every variant", width: Int(drawdown.width),
                height: Int(drawdown.height)),
            metricsHeatmap: ImageView(
                src: OutputLayout.chart("variants-metrics"), alt: "Variants by metric, coloured by rank", width: Int(heatmap.width),
                height: Int(heatmap.height)),
            differences: differences)
    }

    /// A comparison table: the chosen metrics first, then the rest; the best per chosen metric marked.
    func comparisonTable(
        _ spec: VariantSpec, _ comparison: VariantComparison, outcomes: [RunOutcome], links: [String], id tableID: String, caption: String
    ) -> TableView {
        let allMetrics = spec.metrics + MetricID.allCases.filter { !spec.metrics.contains($0) }
        var columns = [ColumnView(title: "Variant", numeric: false, descending: false)]
        columns += allMetrics.map {
            ColumnView(
                title: MetricRegistry.definition($0).title, numeric: true, descending: MetricRegistry.definition($0).direction == .higher)
        }
        let rows = spec.variants.indices.map { index -> RowView in
            let metrics = outcomes[index].metrics
            var cells = [
                CellView(
                    text: spec.variants[index].name + (index == spec.baseline ? " (baseline)" : ""), value: spec.variants[index].name,
                    link: links[index].isEmpty ? nil : links[index])
            ]
            cells += allMetrics.map { id in
                let v = metrics?[id]
                let values = outcomes.compactMap { $0.metrics?[id] }
                let best = MetricRegistry.definition(id).direction == .higher ? values.max() : values.min()
                let isBest = spec.metrics.contains(id) ? (comparison.best[id] ?? []).contains(index) : v != nil && v == best
                return CellView(text: metrics == nil ? "" : MetricText.text(v, id), value: MetricText.raw(v), best: isBest)
            }
            return RowView(cells: cells, failed: outcomes[index].error != nil, unranked: false)
        }
        return TableView(id: tableID, caption: caption, columns: columns, rows: rows, note: nil)
    }
}
