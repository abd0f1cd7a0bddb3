import Charts
import Engine
import Foundation
import Study
import Workflows

/// A grid's results table, every configuration of it: the page holds its first rows as HTML (the
/// best, so the page is light and complete without scripts), and `dataScript` holds every row
/// for the page's script to filter, sort and page through (DESIGN section 7: every run reachable).
///
/// Numbers are kept to 6 significant digits, or to the decimals their column shows where that is
/// more (`rounded`: money to the cent, counts whole), on the page and in the data alike, so the
/// script writes the same text as the page for the same row (results.csv has the exact values).
struct GridTable {
    /// Rows written into the page as HTML.
    static let pageRows = 100

    /// One column.
    struct Column {
        /// What the filter calls it: `rank`, a parameter's name, a metric id, `<metric>@<market>`.
        let key: String
        let title: String
        /// How its numbers are written; nil for a text column.
        let format: ValueFormat?
        /// Sorted descending (higher is better) on the first click.
        let descending: Bool
        /// The best value over every row, marked with a star (metric columns only).
        let best: Double?
        /// Negative values shown as such (the per-market objective columns).
        let marksNegative: Bool
        /// A metric's column: empty, not `n/a`, in a failed run's row.
        var isMetric = false
    }

    /// One cell's content.
    enum Value {
        case number(Double?)
        case text(String)
    }

    let columns: [Column]
    /// Configurations in table order: ranked best first, then unranked, then failed.
    let order: [Int]
    /// `values[row][column]`, rows in `order`.
    let values: [[Value]]
    /// Each row's state: 0 ranked, 1 unranked, 2 failed.
    let states: [Int]
    /// The page of a configuration that has one.
    let links: [Int: String]

    /// `value` to 6 significant digits, as the table's numbers are kept; or, where 6 digits do not
    /// reach the decimals `format` shows (large money, counts, durations), to those decimals.
    static func rounded(_ value: Double, _ format: ValueFormat = .ratio) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let decimals: Int
        switch format {
        case .percent: decimals = 4  // a fraction shown as a percentage with up to 2 decimals
        case .money, .ratio: decimals = 2
        case .decimal1: decimals = 1
        case .count: decimals = 0
        case .plain: return value
        }
        if abs(value) >= pow(10, Double(6 - decimals)) {
            let scale = pow(10, Double(decimals))
            return (value * scale).rounded() / scale
        }
        return Self.sixSignificantDigits(value)
    }

    /// `value` rounded to 6 significant digits, as `%.6g` prints it and `strtod` reads it back:
    /// the C library's own calls, a tenth of the cost of `String(format:)` (a 10,000-run table has
    /// 470,000 cells).
    static func sixSignificantDigits(_ value: Double) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            let written = withVaList([value]) { vsnprintf(buffer.baseAddress!, 32, "%.6g", $0) }
            guard written > 0 && written < 32 else { return value }
            return strtod(buffer.baseAddress!, nil)
        }
    }

    /// A number's text in `column`: `n/a` when undefined (nothing in a failed run's metric cells).
    func text(_ value: Value, column: Column, failed: Bool) -> String {
        switch value {
        case .text(let text): return text
        case .number(let number):
            guard let number else { return column.key == "rank" ? "–" : failed && column.isMetric ? "" : "n/a" }
            return (column.format ?? .plain).format(number)
        }
    }

    /// The first `pageRows` rows as the page's HTML table.
    func pageTable(id: String, caption: String) -> TableView {
        let columnViews = columns.map { ColumnView(title: $0.title, numeric: $0.format != nil, descending: $0.descending) }
        let rows = zip(order, values).prefix(Self.pageRows).enumerated().map { row, pair -> RowView in
            let (run, cells) = pair
            let failed = states[row] == 2
            let views = zip(columns, cells).enumerated().map { index, pair -> CellView in
                let (column, value) = pair
                var number: Double?
                if case .number(let n) = value { number = n }
                let sortValue: String
                switch value {
                case .number(let n): sortValue = n.map(NumberText.format) ?? ""
                case .text(let t): sortValue = t
                }
                return CellView(
                    text: text(value, column: column, failed: failed), value: sortValue,
                    best: number != nil && number == column.best, negative: column.marksNegative && (number ?? 0) < 0,
                    link: index == 0 ? links[run] : nil)
            }
            return RowView(cells: views, failed: failed, unranked: states[row] == 1, anchor: StudySite.rowAnchor(run))
        }
        let shown = min(Self.pageRows, order.count)
        let note =
            order.count > shown
            ? "The best \(shown) of \(ValueFormat.count.format(Double(order.count))) rows; the page's script adds the others (every run is also in results.csv and results.json)."
            : nil
        return TableView(id: id, caption: caption, columns: columnViews, rows: rows, note: note, source: StudySite.tableData)
    }

    /// The script with every row: `BacklabTable.data("results", {...})`, its numbers in their
    /// shortest round-trip form.
    func dataScript(id: String) -> String {
        var columnList: [JSONValue] = []
        for column in columns {
            columnList.append(
                .object([
                    ("key", .string(column.key)), ("title", .string(column.title)),
                    ("format", column.format.map { .string($0.rawValue) } ?? .null), ("descending", .bool(column.descending)),
                    ("best", column.best.map(JSONValue.number) ?? .null), ("negative", .bool(column.marksNegative)),
                    ("metric", .bool(column.isMetric)),
                ]))
        }
        let cells: [JSONValue] = columns.indices.map { c in
            let values = self.values
            return .generated(count: values.count) { row in
                switch values[row][c] {
                case .number(let n): n.map(JSONValue.number) ?? .null
                case .text(let t): .string(t)
                }
            }
        }
        let object = JSONValue.object([
            ("columns", .array(columnList)), ("runs", .array(order.map { .integer($0 + 1) })),
            ("states", .array(states.map { .integer($0) })),
            ("links", .object(order.enumerated().compactMap { row, run in links[run].map { ("\(row)", .string($0)) } })),
            ("cells", .array(cells)),
        ])
        return "BacklabTable.data(\"\(id)\", " + String(decoding: object.bytes(.compact), as: UTF8.self) + ");\n"
    }
}

extension StudySite {
    /// The results table of a grid: every configuration, ranked first (best first), then
    /// unranked, then failed; `links` the pages of those that have one.
    func gridTable(_ spec: OptimizationSpec, _ analysis: OptimizationAnalysis, links: [Int: String]) -> GridTable {
        let order =
            analysis.ranking
            + study.gridPoints.indices.filter { analysis.ranks[$0] == nil && results.configurations[$0].outcome.error == nil }
            + study.gridPoints.indices.filter { results.configurations[$0].outcome.error != nil }
        let metricIDs = MetricID.allCases
        let objective = spec.objective.metric
        // The best of each metric is marked among the ranked runs (those meeting every require).
        let eligible = analysis.ranking.isEmpty ? Array(study.gridPoints.indices) : analysis.ranking
        let markets = results.markets
        var columns = [GridTable.Column(key: "rank", title: "Rank", format: .plain, descending: false, best: nil, marksNegative: false)]
        columns += spec.parameters.map {
            GridTable.Column(
                key: $0.name, title: $0.name, format: $0.values.allSatisfy { $0.number != nil } ? .plain : nil, descending: false,
                best: nil, marksNegative: false)
        }
        let objectiveTitle = MetricRegistry.definition(objective).title
        columns += (markets?.markets ?? []).map {
            GridTable.Column(
                key: "\(objective.rawValue)@\($0.name)", title: "\(objectiveTitle) on \($0.name)",
                format: MetricText.format(for: objective),
                descending: spec.objective.maximize, best: nil, marksNegative: true)
        }
        columns += metricIDs.map { id in
            let definition = MetricRegistry.definition(id)
            return GridTable.Column(
                key: id.rawValue, title: definition.title, format: MetricText.format(for: id), descending: definition.direction == .higher,
                best: bestValue(id, runs: eligible).map { GridTable.rounded($0, MetricText.format(for: id)) }, marksNegative: false,
                isMetric: true)
        }
        let values = order.map { run -> [GridTable.Value] in
            var row: [GridTable.Value] = [.number(analysis.ranks[run].map(Double.init))]
            row += study.gridPoints[run].map { value in
                value.number.map { .number($0) } ?? .text(value.description)
            }
            row += (markets?.runs[run] ?? []).map { market in
                .number(market.outcome.metrics?[objective].map { GridTable.rounded($0, MetricText.format(for: objective)) })
            }
            let metrics = results.configurations[run].outcome.metrics
            row += metricIDs.map { id in .number(metrics?[id].map { GridTable.rounded($0, MetricText.format(for: id)) }) }
            return row
        }
        let states = order.map { run in
            results.configurations[run].outcome.error != nil ? 2 : analysis.ranks[run] == nil ? 1 : 0
        }
        return GridTable(columns: columns, order: order, values: values, states: states, links: links)
    }
}
