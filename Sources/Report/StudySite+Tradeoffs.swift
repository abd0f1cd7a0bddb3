import Charts
import Engine
import Foundation
import Study
import Workflows

/// The sensitivity charts and the return-against-drawdown chart of a grid's page.
struct TradeoffsView {
    /// One chart per parameter with more than one value (none: no section).
    let sensitivity: [ImageView]
    let hasSensitivity: Bool
    let sensitivityNote: String
    let pareto: ParetoView?
}

/// Return against drawdown: the chart, what it shows, and the front's runs.
struct ParetoView {
    let image: ImageView
    let note: String
    /// The front's runs, highest return first (at most 10), with their links.
    let front: [PairView]
}

extension StudySite {
    /// How the objective spreads with each parameter's value, and return against drawdown with
    /// the Pareto front; charts added to `files`, links to `pages` where a run has one.
    func tradeoffs(_ spec: OptimizationSpec, _ analysis: OptimizationAnalysis, pages: [Int: String], _ files: inout [SiteFile])
        -> TradeoffsView
    {
        let objective = spec.objective.metric
        let objectiveTitle = MetricRegistry.definition(objective).title
        let outcomes = study.gridPoints.indices.map { results.configurations[$0].outcome }
        let spreads = ParameterSpread.all(study, spec: spec, outcomes: outcomes, best: analysis.best)
        let sensitivity = spreads.map { spread -> ImageView in
            let name = spec.parameters[spread.parameter].name
            let chart = SpreadChart(
                title: "\(objectiveTitle) by \(name)", xLabel: name, yLabel: objectiveTitle, categories: spread.values.map(\.description),
                boxes: spread.spreads.map { s in
                    s.map {
                        SpreadChart.Box(
                            min: $0.min, lowerQuartile: $0.lowerQuartile, median: $0.median, upperQuartile: $0.upperQuartile, max: $0.max)
                    }
                },
                marked: spread.best, yFormat: MetricText.format(for: objective))
            let file = "sensitivity-\(spread.parameter + 1)"
            files.append(SiteFile(path: "\(id)/" + OutputLayout.chart(file), content: .spread(chart)))
            return ImageView(
                src: OutputLayout.chart(file), alt: "\(objectiveTitle) against each value of \(name): min, quartiles and max",
                width: Int(chart.width), height: Int(chart.height))
        }
        // Return against drawdown for every run that has both.
        let runs = study.gridPoints.indices.filter {
            results.configurations[$0].outcome.metrics?[.totalReturn] != nil
                && results.configurations[$0].outcome.metrics?[.maxDrawdown] != nil
        }
        let points = runs.map { run in
            let metrics = results.configurations[run].outcome.metrics!
            return (drawdown: metrics[.maxDrawdown]!, total: metrics[.totalReturn]!)
        }
        let front = ParetoFront.indices(points)
        var pareto: ParetoView?
        if !points.isEmpty {
            var chart = ScatterChart(
                title: "Total return against max drawdown, every run", xLabel: "Max drawdown", yLabel: "Total return",
                xs: points.map(\.drawdown),
                ys: points.map(\.total), xFormat: .percent, yFormat: .percent, height: 440)
            chart.front = ("Pareto front", front.map { (points[$0].drawdown, points[$0].total) })
            if let best = analysis.best, let at = runs.firstIndex(of: best) {
                chart.highlight = ("best by \(objectiveTitle)", points[at].drawdown, points[at].total)
            }
            files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("pareto"), content: .scatter(chart)))
            let image = ImageView(
                src: OutputLayout.chart("pareto"), alt: "Total return against max drawdown of every run, the Pareto front marked",
                width: Int(chart.width), height: Int(chart.height))
            let onFront = front.map { runs[$0] }
            let bestOnFront = analysis.best.map { onFront.contains($0) } ?? false
            let paretoNote =
                "\(front.count) of \(points.count) runs are on the Pareto front: no other run has a higher total return with a drawdown as low. "
                + (analysis.best == nil
                    ? ""
                    : bestOnFront
                        ? "The best run by \(objectiveTitle) is one of them."
                        : "The best run by \(objectiveTitle) is not: some run beats it on both counts.")
            let frontLinks = onFront.reversed().prefix(10).map { run in
                let metrics = results.configurations[run].outcome.metrics!
                return PairView(
                    name:
                        "\(study.label(configuration: run)): \(MetricText.text(metrics[.totalReturn], .totalReturn)) return, \(MetricText.text(metrics[.maxDrawdown], .maxDrawdown)) drawdown",
                    value: pages[run] ?? "#\(Self.rowAnchor(run))")
            }
            pareto = ParetoView(image: image, note: paretoNote, front: Array(frontLinks))
        }
        let note =
            "Each box is the \(objectiveTitle) of every run with that value (the other parameters at all their values): whiskers from the lowest to the highest, the box from the lower to the upper quartile, a line at the median.\(analysis.best == nil ? "" : " The best run's value is orange.") A flat row of boxes: the parameter hardly matters; a narrow peak: the best value may be luck."
        return TradeoffsView(sensitivity: sensitivity, hasSensitivity: !sensitivity.isEmpty, sensitivityNote: note, pareto: pareto)
    }
}
