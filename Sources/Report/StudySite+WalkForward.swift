import Charts
import Engine
import Foundation
import Study
import Workflows

/// The walk-forward in a few sentences on the study page, with the link to its own page.
struct WalkForwardSummaryView {
    let sentences: [String]
    let link: String
}

/// A walk-forward's page (walkforward.mustache): what it found, the stitched out-of-sample equity
/// against the hindsight best over the same dates, the chosen parameters per window, the windows;
/// with several markets, the markets' aggregate first and then each market's walk-forward.
struct WalkForwardPageView {
    let page: PageView
    let name: String
    let summary: [String]
    let settings: [PairView]
    let markets: TableView?
    let aggregateEquity: ImageView?
    let sections: [WalkForwardMarketView]
}

/// One market's walk-forward on its page (the only one, without a heading, for one market).
struct WalkForwardMarketView {
    let heading: String?
    let anchor: String?
    /// The level of its parts' headings: 2 alone, 3 under a market's heading.
    let level: Int
    let summary: [String]
    let equity: ImageView?
    let parameters: [ImageView]
    let hasParameters: Bool
    let windows: TableView
    let comparison: TableView
}

extension StudySite {
    /// The walk-forward page and its charts (added to `files`), and its summary for the study page.
    func walkForwardPage(_ results: StudyResults, spec: OptimizationSpec, _ files: inout [SiteFile]) -> WalkForwardSummaryView? {
        guard let first = results.walkForwards.first else { return nil }
        let settings = first.settings
        let objective = MetricRegistry.definition(spec.objective.metric)
        let several = results.walkForwardAggregate != nil
        let sections = results.walkForwards.map { walkForward in
            marketSection(walkForward, spec: spec, prefix: several ? "m\(walkForward.market + 1)" : nil, &files)
        }
        let summary = results.walkForwardAggregate.map { aggregateSummary($0, results.walkForwards) } ?? Self.summary(first)
        let page = WalkForwardPageView(
            page: PageView(
                title: "\(study.base.name ?? id): walk-forward", root: "../",
                crumbs: [PairView(name: "Studies", value: "../index.html"), PairView(name: study.base.name ?? id, value: "index.html")]),
            name: study.base.name ?? id, summary: summary,
            settings: [
                PairView(
                    name: "In sample",
                    value: Self.length(settings.inSample) + (settings.anchored ? ", anchored at the first trade" : ", rolling")),
                PairView(name: "Out of sample", value: Self.length(settings.outOfSample)),
                PairView(name: "Step", value: Self.length(settings.step)),
                PairView(
                    name: "First trade",
                    value: settings.firstTrade.map(DateText.start) ?? (several ? "each market's first bar" : "the first bar")),
                PairView(
                    name: "Chosen by",
                    value: "\(spec.objective.maximize ? "highest" : "lowest") \(objective.title) among the runs meeting require"
                        + (several ? ", on each market by its own runs" : "")),
            ],
            markets: results.walkForwardAggregate.map { marketsTable($0, results.walkForwards) },
            aggregateEquity: results.walkForwardAggregate.flatMap { aggregateChart($0, results.walkForwards, &files) },
            sections: several
                ? sections
                : sections.map { section in
                    WalkForwardMarketView(
                        heading: nil, anchor: nil, level: 2, summary: [], equity: section.equity, parameters: section.parameters,
                        hasParameters: section.hasParameters, windows: section.windows, comparison: section.comparison)
                })
        files.append(.page(OutputLayout.walkForwardPage(id), template: "walkforward", page))
        return WalkForwardSummaryView(sentences: summary, link: OutputLayout.walkForwardPageName)
    }

    /// One market's part of the page: its summary, equity, chosen parameters and windows; its
    /// charts and tables named with `prefix` (nil for the only market).
    func marketSection(_ walkForward: WalkForwardResults, spec: OptimizationSpec, prefix: String?, _ files: inout [SiteFile])
        -> WalkForwardMarketView
    {
        func name(_ part: String) -> String { prefix.map { "walkforward-\($0)-\(part)" } ?? "walkforward-\(part)" }
        let market = study.markets[walkForward.market].name
        var equity: ImageView?
        if let stitched = walkForward.stitched {
            var series = [
                LineChart.Series(
                    name: "Walk-forward: each window's in-sample best, out of sample", times: stitched.times, values: stitched.equity,
                    color: Palette.series(0), emphasized: true)
            ]
            // Buy and hold of the hindsight run's bars: those of the out-of-sample dates.
            var buyAndHold: LineChart.Series?
            if let hindsight = walkForward.hindsight, let stored = runs.load(hindsight.run.hash), let day = stored.dayEquity {
                series.append(
                    LineChart.Series(
                        name: "Best over the whole period (\(study.label(configuration: hindsight.point))), chosen with hindsight",
                        times: day.map(\.time), values: day.map(\.equity), color: Palette.series(1)))
                buyAndHold = RunDetail.buyAndHold(stored, config: study.config(configuration: hindsight.point, market: walkForward.market))
            }
            let chart = LineChart.equity(
                title: "Out-of-sample equity\(prefix == nil ? "" : " on \(market)"), windows compounded in order", series: series,
                buyAndHold: buyAndHold, currency: study.base.currency, height: 420)
            files.append(SiteFile(path: "\(id)/" + OutputLayout.chart(name("equity")), content: .lineChart(chart)))
            equity = ImageView(
                src: OutputLayout.chart(name("equity")),
                alt: "Stitched out-of-sample equity\(prefix == nil ? "" : " on \(market)") against the hindsight best",
                width: Int(chart.width), height: Int(chart.height))
        }
        // The chosen value of each numeric parameter, held over its window's out-of-sample range.
        var parameters: [ImageView] = []
        let starts = walkForward.windows.map(\.window.outOfSample.tradeStart) + [walkForward.windows.last!.window.outOfSample.end]
        for (i, parameter) in spec.parameters.enumerated() where parameter.values.allSatisfy({ $0.number != nil }) {
            var values = walkForward.windows.map { window in window.chosen.flatMap { study.gridPoints[$0][i].number } ?? .nan }
            values.append(values.last ?? .nan)
            let grid = parameter.values.compactMap(\.number)
            let chart = LineChart(
                title:
                    "\(parameter.name) chosen in each window\(prefix == nil ? "" : " on \(market)") (the grid: \(NumberText.format(grid.min()!)) to \(NumberText.format(grid.max()!)))",
                yLabel: parameter.name, series: [.init(name: parameter.name, times: starts, values: values, color: Palette.series(2 + i))],
                yFormat: .plain, steps: true, markers: true, covering: grid.min()!...grid.max()!, height: 220)
            files.append(SiteFile(path: "\(id)/" + OutputLayout.chart(name("\(i + 1)")), content: .lineChart(chart)))
            parameters.append(
                ImageView(
                    src: OutputLayout.chart(name("\(i + 1)")), alt: "\(parameter.name) chosen per window", width: Int(chart.width),
                    height: Int(chart.height)))
        }
        return WalkForwardMarketView(
            heading: prefix == nil ? nil : market, anchor: prefix.map { "market-\($0.dropFirst())" }, level: 3,
            summary: Self.summary(walkForward), equity: equity, parameters: parameters, hasParameters: !parameters.isEmpty,
            windows: windowsTable(walkForward, spec: spec, id: prefix.map { "windows-\($0)" } ?? "windows"),
            comparison: comparisonTable(walkForward, id: prefix.map { "comparison-\($0)" } ?? "comparison"))
    }

    /// What the walk-forward found, in sentences.
    static func summary(_ walkForward: WalkForwardResults) -> [String] {
        let settings = walkForward.settings
        let windows = walkForward.windows
        let first = windows.first!.window.outOfSample
        let last = windows.last!.window.outOfSample
        var sentences: [String] = []
        let span =
            "\(windows.count) window\(windows.count == 1 ? "" : "s"), out of sample from \(DateText.start(first.tradeStart)) to \(DateText.end(last.end))"
        if let stitched = walkForward.stitched {
            var text =
                "Choosing the grid's best in each in-sample range and trading it on the \(length(settings.outOfSample, one: true)) after it (\(span)) returned \(MetricText.text(stitched.metrics[.totalReturn], .totalReturn)) (Sharpe ratio \(MetricText.text(stitched.metrics[.sharpeRatio], .sharpeRatio)))"
            if let hindsight = walkForward.hindsight?.run.outcome.metrics {
                text +=
                    ", against \(MetricText.text(hindsight[.totalReturn], .totalReturn)) (Sharpe ratio \(MetricText.text(hindsight[.sharpeRatio], .sharpeRatio))) for the configuration that was best over the whole period, chosen with hindsight"
            }
            sentences.append(text + ".")
        } else if let why = walkForward.unstitched {
            sentences.append("The out-of-sample equity cannot be stitched (\(span)): \(why).")
        } else {
            sentences.append("No window traded out of sample (\(span)): no in-sample grid had an eligible run.")
        }
        sentences += windowSentences(
            efficiency: walkForward.efficiency, windows: windows.count, traded: walkForward.traded, profitable: walkForward.profitable,
            of:
                "the annualised out-of-sample return over the chosen runs' annualised in-sample return (Pardo; 50% or more is the usual pass)"
        )
        let stability = walkForward.stability
        if stability.transitions > 0 {
            let moves = stability.parameters.map { "\($0.name) changed \($0.changes) time\($0.changes == 1 ? "" : "s")" }.joined(
                separator: ", ")
            sentences.append(
                "The chosen configuration stayed the same in \(stability.unchanged) of \(stability.transitions) moves from one window to the next (\(moves))."
            )
        }
        return sentences
    }

    /// The walk-forward efficiency (`of`: what it is the ratio of) and the profitable windows, in sentences.
    static func windowSentences(efficiency: Double?, windows: Int, traded: Int, profitable: Int, of: String) -> [String] {
        let skipped = windows - traded
        let profitable =
            "\(profitable) of \(windows) windows profitable out of sample"
            + (skipped > 0 ? " (\(skipped) skipped: no eligible run in sample)." : ".")
        if traded == 0 { return ["Walk-forward efficiency is not defined: no window chose a configuration.", profitable] }
        guard let efficiency else {
            return [
                "Walk-forward efficiency is not defined: the chosen runs' mean annualised in-sample return is not positive.", profitable,
            ]
        }
        return ["Walk-forward efficiency \(RobustnessView.share(efficiency)): \(of).", profitable]
    }

    /// `3 years`, `6 months`, `756 bars`; with `one`, a single unit without its count (`year`).
    static func length(_ length: WindowLength, one: Bool = false) -> String {
        switch length {
        case .bars(let n): return n == 1 && one ? "bar" : "\(n) bar\(n == 1 ? "" : "s")"
        case .duration(let n, let unit):
            let names: [WindowLength.CalendarUnit: String] = [.days: "day", .weeks: "week", .months: "month", .years: "year"]
            return n == 1 && one ? names[unit]! : "\(n) \(names[unit]!)\(n == 1 ? "" : "s")"
        }
    }

    /// One row per window.
    func windowsTable(_ walkForward: WalkForwardResults, spec: OptimizationSpec, id: String) -> TableView {
        // A bar count's range ends at its last bar's time (a date for daily bars); a duration's a
        // millisecond before the next boundary (the day before it).
        let bars = walkForward.settings.outOfSample.isBars
        func end(_ millis: Int64) -> String { bars ? DateText.start(millis) : DateText.end(millis) }
        let objective = spec.objective.metric
        let title = MetricRegistry.definition(objective).title
        var columns = [
            ColumnView(title: "Window", numeric: true, descending: false),
            ColumnView(title: "In sample", numeric: false, descending: false),
            ColumnView(title: "Out of sample", numeric: false, descending: false),
        ]
        columns += spec.parameters.map { ColumnView(title: $0.name, numeric: $0.values.allSatisfy { $0.number != nil }, descending: false) }
        columns += [
            ColumnView(title: "\(title), in sample", numeric: true, descending: true),
            ColumnView(title: "\(title), out of sample", numeric: true, descending: true),
            ColumnView(title: "Return out of sample", numeric: true, descending: true),
            ColumnView(title: "Trades", numeric: true, descending: true),
            ColumnView(title: "Efficiency", numeric: true, descending: true),
            ColumnView(title: "DSR in sample", numeric: true, descending: true),
            ColumnView(title: "PBO in sample", numeric: true, descending: false),
        ]
        let rows = walkForward.windows.enumerated().map { k, window -> RowView in
            let range = window.window
            var cells = [
                CellView(text: String(k + 1), value: String(k + 1)),
                CellView(
                    text: "\(DateText.start(range.inSample.tradeStart)) to \(end(range.inSample.end))",
                    value: String(range.inSample.tradeStart)),
                CellView(
                    text: "\(DateText.start(range.outOfSample.tradeStart)) to \(end(range.outOfSample.end))",
                    value: String(range.outOfSample.tradeStart)),
            ]
            cells += spec.parameters.indices.map { i in
                guard let point = window.chosen else { return CellView(text: i == 0 ? "skipped" : "", value: "") }
                let value = study.gridPoints[point][i]
                return CellView(text: value.description, value: value.number.map(NumberText.format) ?? value.description)
            }
            let inSample = window.inSample?.outcome.metrics
            let outOfSample = window.outOfSample?.outcome.metrics
            func cell(_ value: Double?, _ format: ValueFormat) -> CellView {
                CellView(text: window.isSkipped ? "" : format.format(value), value: MetricText.raw(value), negative: (value ?? 0) < 0)
            }
            cells += [
                cell(inSample?[objective], MetricText.format(for: objective)),
                cell(outOfSample?[objective], MetricText.format(for: objective)),
                cell(outOfSample?[.totalReturn], .percent), cell(outOfSample?[.totalTrades], .count), cell(window.efficiency, .percent),
                cell(window.robustness.deflatedSharpe, .ratio), cell(window.robustness.overfitting?.probabilityOfOverfitting, .percent),
            ]
            return RowView(cells: cells, failed: false, unranked: window.isSkipped)
        }
        return TableView(
            id: id, caption: "Windows: the configuration chosen in sample and how it did out of sample", columns: columns,
            rows: rows,
            note:
                "Efficiency: annualised return out of sample over in sample (n/a when the in-sample return is not positive). DSR and PBO judge each window's in-sample grid as the study page judges the whole one."
        )
    }

    /// Every metric of the stitched out-of-sample equity beside the hindsight best's over the same dates.
    func comparisonTable(_ walkForward: WalkForwardResults, id: String) -> TableView {
        let hindsight = walkForward.hindsight?.run.outcome.metrics
        let rows = MetricRegistry.all.map { definition -> RowView in
            let stitched = walkForward.stitched?.metrics[definition.id]
            let best = hindsight?[definition.id]
            return RowView(
                cells: [
                    CellView(text: definition.title, value: definition.title),
                    CellView(text: MetricText.text(stitched, definition.id), value: MetricText.raw(stitched)),
                    CellView(text: MetricText.text(best, definition.id), value: MetricText.raw(best)),
                ], failed: false, unranked: false)
        }
        return TableView(
            id: id, caption: "Out of sample, same dates",
            columns: [
                ColumnView(title: "Metric", numeric: false, descending: false),
                ColumnView(title: "Walk-forward", numeric: true, descending: true),
                ColumnView(title: "Whole-period best, with hindsight", numeric: true, descending: true),
            ], rows: rows,
            note: "The walk-forward's metrics are those of its stitched equity at each day's end, over every window's trades.")
    }
}
