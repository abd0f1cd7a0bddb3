import Charts
import Engine
import Foundation
import Study
import Workflows

/// A run's detail: metrics, equity and drawdown charts, monthly returns and trades.
struct RunDetailView {
    let label: String
    let config: [PairView]
    let metrics: [PairView]
    let equityChart: ImageView
    /// What the grey line of the equity chart is, when there is one.
    let buyAndHold: String?
    let drawdownChart: ImageView
    let monthly: MonthlyView?
    let trades: TableView
    let tradesNote: String?
    let warnings: [String]
    let hasWarnings: Bool
}

/// Monthly returns: a row per year, a column per month, and the year's total; and the same
/// months as a heatmap picture.
struct MonthlyView {
    struct Row {
        let year: String
        let months: [CellView]
        let total: CellView
    }
    let rows: [Row]
    let heatmap: ImageView
}

enum RunDetail {
    /// Trades listed on a page; all of them are in the trades CSV beside it.
    static let tradeRows = 300

    /// The detail of one stored run, its charts written under `prefix` (e.g. `runs/12`), seen from a
    /// page at `pageDepth` folders below the study folder.
    static func make(
        label: String, config: AppConfig, markets: [Market] = [], stored: StoredResult, prefix: String, studyPath: String,
        pageDirectory: String
    )
        -> (view: RunDetailView, files: [SiteFile])
    {
        let equityFile = OutputLayout.runFile(.equity, prefix: prefix)
        let drawdownFile = OutputLayout.runFile(.drawdown, prefix: prefix)
        let tradesFile = OutputLayout.runFile(.trades, prefix: prefix)
        let relative = { (file: String) in Self.relative(file, from: pageDirectory) }
        let buyAndHold = Self.buyAndHold(stored, config: config)
        let equity = LineChart.equity(
            title: "Equity", series: [.init(name: label, times: stored.equityTime, values: stored.equity, color: Palette.series(0))],
            buyAndHold: buyAndHold, currency: config.currency)
        let drawdown = LineChart(
            title: "Drawdown (underwater)", yLabel: "Below the running peak [%]",
            series: [.init(name: label, times: stored.equityTime, values: Self.drawdown(stored.equity), color: Palette.series(5))],
            yFormat: .percent, fillToZero: true, height: 240)
        var files = [
            SiteFile(path: "\(studyPath)/\(equityFile)", content: .lineChart(equity)),
            SiteFile(path: "\(studyPath)/\(drawdownFile)", content: .lineChart(drawdown)),
            SiteFile(path: "\(studyPath)/\(tradesFile)", content: .bytes(Data(tradesCSV(stored.trades).utf8))),
        ]
        let months = monthly(stored.monthEnds)
        if let months {
            files.append(SiteFile(path: "\(studyPath)/\(OutputLayout.runFile(.monthly, prefix: prefix))", content: .heatmap(months.chart)))
        }
        let metrics = MetricRegistry.all.map { PairView(name: $0.title, value: MetricText.text(stored.metrics[$0.id], $0.id)) }
        let shown = stored.trades.prefix(tradeRows)
        let trades = TableView(
            id: "trades", caption: "Trades",
            columns: [
                ColumnView(title: "#", numeric: true, descending: false), ColumnView(title: "Entry", numeric: false, descending: false),
                ColumnView(title: "Exit", numeric: false, descending: false),
                ColumnView(title: "Entry price", numeric: true, descending: true),
                ColumnView(title: "Exit price", numeric: true, descending: true),
                ColumnView(title: "Size", numeric: true, descending: true),
                ColumnView(title: "Fees", numeric: true, descending: false), ColumnView(title: "P&L", numeric: true, descending: true),
                ColumnView(title: "Return", numeric: true, descending: true), ColumnView(title: "Bars", numeric: true, descending: true),
                ColumnView(title: "Exit reason", numeric: false, descending: false),
            ],
            rows: shown.enumerated().map { index, t in
                RowView(
                    cells: [
                        CellView(text: String(index + 1), value: String(index + 1)),
                        CellView(text: time(t.entryTime), value: String(t.entryTime)),
                        CellView(text: time(t.exitTime), value: String(t.exitTime)),
                        CellView(text: ValueFormat.money.format(t.entryPrice), value: NumberText.format(t.entryPrice)),
                        CellView(text: ValueFormat.money.format(t.exitPrice), value: NumberText.format(t.exitPrice)),
                        CellView(text: ValueFormat.plain.format((t.size * 1e6).rounded() / 1e6), value: NumberText.format(t.size)),
                        CellView(text: ValueFormat.money.format(t.fees), value: NumberText.format(t.fees)),
                        CellView(text: ValueFormat.money.format(t.pnl), value: NumberText.format(t.pnl)),
                        CellView(text: ValueFormat.percent.format(t.returnFraction), value: NumberText.format(t.returnFraction)),
                        CellView(text: String(t.exitBar - t.entryBar), value: String(t.exitBar - t.entryBar)),
                        CellView(text: t.exitReason.rawValue, value: t.exitReason.rawValue),
                    ], failed: false, unranked: false)
            },
            note: nil)
        let note =
            stored.trades.count > tradeRows
            ? "The first \(tradeRows) of \(stored.trades.count) trades; all of them are in \(tradesFile.split(separator: "/").last!)."
            : nil
        let view = RunDetailView(
            label: label, config: ConfigSummary.pairs(config, markets: markets), metrics: metrics,
            equityChart: ImageView(
                src: relative(equityFile), alt: "Equity of \(label)\(buyAndHold == nil ? "" : " and buy and hold of the same bars")",
                width: Int(equity.width), height: Int(equity.height)),
            buyAndHold: buyAndHold.map { _ in
                "Grey: buy and hold of the same bars, the initial capital times each close over the first close."
            },
            drawdownChart: ImageView(
                src: relative(drawdownFile), alt: "Drawdown of \(label)", width: Int(drawdown.width), height: Int(drawdown.height)),
            monthly: months.map { months in
                MonthlyView(
                    rows: months.rows,
                    heatmap: ImageView(
                        src: relative(OutputLayout.runFile(.monthly, prefix: prefix)), alt: "Monthly returns of \(label) as a heatmap",
                        width: Int(months.chart.width), height: Int(months.chart.height)))
            }, trades: trades,
            tradesNote: note ?? "All \(stored.trades.count) trades are also in \(tradesFile.split(separator: "/").last!).",
            warnings: stored.warnings, hasWarnings: !stored.warnings.isEmpty)
        return (view, files)
    }

    /// A path as seen from a page in `directory` (both relative to the study folder).
    static func relative(_ file: String, from directory: String) -> String {
        directory.isEmpty ? file : String(repeating: "../", count: directory.split(separator: "/").count) + file
    }

    static func time(_ millis: Int64) -> String {
        let text = UTCDate.iso8601(millis, dateOnly: true)
        return text.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: ":00Z", with: "").replacingOccurrences(
            of: "Z", with: "")
    }

    /// 1 - E / running peak, as negative fractions (0 at a peak).
    static func drawdown(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { value in
            peak = max(peak, value)
            return peak > 0 ? value / peak - 1 : 0
        }
    }

    /// Buy and hold of the bars a stored run traded, at its kept equity points; nil without closes
    /// (a portfolio of markets).
    static func buyAndHold(_ stored: StoredResult, config: AppConfig) -> LineChart.Series? {
        LineChart.buyAndHold(times: stored.equityTime, closes: stored.close, capital: config.platform.initialCapital)
    }

    /// The monthly table's rows and its heatmap.
    static func monthly(_ ends: [(time: Int64, equity: Double)]) -> (rows: [MonthlyView.Row], chart: HeatmapChart)? {
        guard ends.count >= 2 else { return nil }
        var byYear: [Int: [Int: Double]] = [:]
        var yearStart: [Int: Double] = [:]
        var yearEnd: [Int: Double] = [:]
        for i in 1..<ends.count {
            let (y, m, _) = UTCDate.civil(days: UTCDate.day(of: ends[i].time))
            byYear[y, default: [:]][m] = ends[i].equity / ends[i - 1].equity - 1
            if yearStart[y] == nil { yearStart[y] = ends[i - 1].equity }
            yearEnd[y] = ends[i].equity
        }
        let rows = byYear.keys.sorted().map { year in
            MonthlyView.Row(
                year: String(year),
                months: (1...12).map { m in
                    let r = byYear[year]?[m]
                    return CellView(
                        text: r.map { ValueFormat.percent.format($0) } ?? "", value: r.map(NumberText.format) ?? "", negative: (r ?? 0) < 0)
                },
                total: {
                    let r = yearEnd[year]! / yearStart[year]! - 1
                    return CellView(text: ValueFormat.percent.format(r), value: NumberText.format(r), negative: r < 0)
                }())
        }
        let years = byYear.keys.sorted()
        let chart = HeatmapChart.monthlyReturns(years: years.map(String.init), returns: years.map { y in (1...12).map { byYear[y]?[$0] } })
        return (rows, chart)
    }

    static func tradesCSV(_ trades: [Trade]) -> String {
        var text = "entry_time,exit_time,entry_bar,exit_bar,entry_price,exit_price,size,fees,pnl,return,exit_reason\n"
        for t in trades {
            text += "\(UTCDate.iso8601(t.entryTime)),\(UTCDate.iso8601(t.exitTime)),\(t.entryBar),\(t.exitBar),"
            text += [t.entryPrice, t.exitPrice, t.size, t.fees, t.pnl, t.returnFraction].map(NumberText.format).joined(separator: ",")
            text += ",\(t.exitReason.rawValue)\n"
        }
        return text
    }
}
