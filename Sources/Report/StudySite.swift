import Charts
import Engine
import Foundation
import Study
import Workflows

/// The stored results of a study's runs, each read from the store at most once.
final class StoredRuns {
    let store: any ResultStore
    private var loaded: [String: StoredResult?] = [:]

    init(store: any ResultStore) { self.store = store }

    func load(_ hash: String) -> StoredResult? {
        if let known = loaded[hash] { return known }
        let result = store.storedResult(hash)
        loaded[hash] = result
        return result
    }

    private var portfolios: [Int: StoredResult?] = [:]

    /// Configuration `c`'s portfolio over its markets, made once by `make`.
    func portfolio(_ c: Int, _ make: () -> StoredResult?) -> StoredResult? {
        if let known = portfolios[c] { return known }
        let made = make()
        portfolios[c] = made
        return made
    }
}

/// The pages and charts of one study.
struct StudySite {
    let results: StudyResults
    let runs: StoredRuns

    var study: StudyDefinition { results.study }
    var id: String { study.id }

    /// Every row of a grid's results table, for the page's script (`GridTable.dataScript`).
    static let tableData = "results-table.js"
    /// Equity curves overlaid for a grid.
    static let topCurves = 10

    /// A study's site, its runs read from `store`.
    init(results: StudyResults, store: any ResultStore) {
        self.results = results
        runs = StoredRuns(store: store)
    }

    /// The stored result of configuration `c`, read once however many charts show it: its run's,
    /// or with several markets their equal-weight portfolio (see `StoredResult.portfolio`).
    func load(_ c: Int) -> StoredResult? {
        guard let markets = results.markets else { return runs.load(results.runs[c].hash) }
        return runs.portfolio(c) {
            let stored = markets.runs[c].compactMap { runs.load($0.hash) }
            guard stored.count == markets.runs[c].count, let metrics = markets.aggregates[c].metrics else { return nil }
            return StoredResult(
                portfolio: stored, metrics: metrics, warnings: markets.aggregates[c].warnings, config: study.config(configuration: c))
        }
    }

    /// Every file of the study's part of the site, and its summary for the index.
    func files() -> (files: [SiteFile], summary: StudySummary) {
        var files: [SiteFile] = []
        var sections = StudyPageView.Sections()
        let page = PageView(title: study.base.name ?? id, root: "../", crumbs: [PairView(name: "Studies", value: "../index.html")])
        var best = "n/a"
        if let spec = study.optimization, let analysis = results.optimization {
            sections.optimization = optimizationSection(spec, analysis, &files)
            if let run = analysis.best {
                best =
                    "\(MetricRegistry.definition(spec.objective.metric).title.split(separator: "[").first!.trimmingCharacters(in: .whitespaces)) \(MetricText.text(results.configurations[run].outcome.metrics?[spec.objective.metric], spec.objective.metric))"
            }
        }
        if let spec = study.variants, let comparison = results.variants {
            sections.variants = variantSection(spec, comparison, &files)
            if study.optimization == nil, let metric = spec.metrics.first, let winner = comparison.best[metric]?.first {
                best =
                    "\(spec.variants[winner].name): \(MetricRegistry.definition(metric).title) \(MetricText.text(results.configurations[study.gridPoints.count + winner].outcome.metrics?[metric], metric))"
            }
        }
        if study.kind == .single, let stored = load(0) {
            let detail = RunDetail.make(
                label: study.base.name ?? "run", config: study.base, markets: study.markets, stored: stored,
                prefix: OutputLayout.singleRunPrefix, studyPath: id,
                pageDirectory: "")
            files += detail.files
            sections.single = detail.view
            sections.singleMarkets = marketsTable(0)
            best =
                "Sharpe \(MetricText.text(stored.metrics[.sharpeRatio], .sharpeRatio)), return \(MetricText.text(stored.metrics[.totalReturn], .totalReturn))"
        }
        let failures = results.runs.enumerated().compactMap { run, entry in
            entry.outcome.error.map { FailureView(run: study.label(at: run), error: $0) }
        }
        // The thumbnail for the index: the best grid run, the baseline variant, or the single run.
        let thumbnailRun = results.optimization?.best ?? study.variants.map { study.gridPoints.count + $0.baseline } ?? 0
        if let stored = load(thumbnailRun) {
            files.append(
                SiteFile(
                    path: "\(id)/" + OutputLayout.chart("thumbnail"),
                    content: .lineChart(
                        LineChart(
                            title: "", yLabel: "",
                            series: [.init(name: "", times: stored.equityTime, values: stored.equity, color: Palette.series(0))],
                            yFormat: .money, width: 160, height: 48, thumbnail: true))))
        }
        let view = StudyPageView(
            page: page, id: id, name: study.base.name ?? id, description: study.base.description, kind: study.kind.rawValue,
            runsText: (study.markets.count > 1
                ? "\(study.configurationCount) configuration\(study.configurationCount == 1 ? "" : "s") on \(study.markets.count) markets, \(results.runs.count) runs"
                : results.runs.count == 1 ? "1 run" : "\(results.runs.count) runs")
                + (study.leftOutMarkets.isEmpty
                    ? ""
                    : " (left out: \(study.leftOutMarkets.joined(separator: ", ")), whose data could not be read; see the build's errors)"),
            config: ConfigSummary.pairs(study.base, markets: study.markets),
            sections: sections,
            failures: failures, hasFailures: !failures.isEmpty)
        let template = study.optimization != nil ? "optimization" : study.variants != nil ? "variants" : "single"
        files.append(.page(OutputLayout.studyPage(id), template: template, view))
        let warnings = results.runs.compactMap {
            if case .finished(_, let w, _) = $0.outcome { return w.isEmpty ? nil : 1 } else { return nil }
        }.count
        let summary = StudySummary(
            id: id, name: study.base.name ?? id, kind: study.kind.rawValue, runs: results.runs.count,
            failed: results.failedCount, best: best, warnings: warnings)
        return (files, summary)
    }
}
