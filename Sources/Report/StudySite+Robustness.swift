import Charts
import Engine
import Foundation
import Study
import Workflows

/// One statistic of the robustness box: its name, its value and what it means, in words.
struct StatisticView {
    let name: String
    let value: String
    let text: String
}

/// The robustness box of an optimization page (DESIGN section 7): a verdict in plain words, the
/// statistics behind it, the logit histogram and the in-sample versus out-of-sample scatter.
struct RobustnessView {
    /// A share as a whole percentage (`29%`; `<1%` and `>99%` at the ends), as the box writes PBO.
    static func share(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        if value > 0 && value < 0.005 { return "<1%" }
        if value < 1 && value > 0.995 { return ">99%" }
        return ValueFormat.fixed(value * 100, 0) + "%"
    }

    let verdict: String
    /// `holds`, `weak`, `luck` or `unknown`, for the box's colour.
    let verdictClass: String
    /// Over several markets: what the statistics judge (the markets' portfolio, not the ranking's
    /// aggregate).
    let scope: String?
    let statistics: [StatisticView]
    let logits: ImageView?
    let scatter: ImageView?
}

extension StudySite {
    /// The robustness box of the grid, its charts added to `files`; `periods` annualises Sharpe
    /// ratios for display (the best run's periods per year).
    func robustnessSection(_ report: RobustnessReport, spec: OptimizationSpec, periods: Double, _ files: inout [SiteFile])
        -> RobustnessView
    {
        let annual = periods.squareRoot()
        let objective = MetricRegistry.definition(spec.objective.metric).title
        var statistics: [StatisticView] = []
        let n = ValueFormat.count.format(Double(report.trials))
        let undefined =
            report.best == nil
            ? "Not defined: no run is eligible to be the best (none finished with an objective and met every require)."
            : "Not defined: it needs the best run's daily returns to vary and at least 2 trials with a Sharpe ratio."
        statistics.append(
            StatisticView(
                name: "Deflated Sharpe ratio (DSR)", value: ValueFormat.ratio.format(report.deflatedSharpe),
                text: report.deflatedSharpe == nil
                    ? undefined
                    : "The probability that the best run's true Sharpe ratio is above 0 once its choice among \(n) trials is paid for. 0.95 is the usual bar; 0.5 is what the best of \(n) noise strategies looks like."
            ))
        statistics.append(
            StatisticView(
                name: "Trials (N)", value: n,
                text:
                    "Every distinct configuration this study has evaluated, across builds: its trial ledger, so a grid widened and narrowed again still counts the old trials (this grid has \(ValueFormat.count.format(Double(report.gridRuns)))\(study.markets.count > 1 ? " configurations on \(study.markets.count) markets: each pair is a trial" : "")). Extending the data does not make new trials; another market does."
            ))
        if let sr0 = report.expectedMaximumSharpe {
            let whose = study.markets.count > 1 ? "The best configuration's portfolio" : "The best run's"
            let best = report.bestMoments.map { " \(whose): \(ValueFormat.ratio.format($0.sharpe * annual)) a year." } ?? ""
            statistics.append(
                StatisticView(
                    name: "Sharpe ratio the luckiest of N noise trials reaches (SR0)",
                    value: "\(ValueFormat.ratio.format(sr0 * annual)) a year",
                    text:
                        "The expected best Sharpe ratio of \(n) strategies whose true Sharpe ratio is 0, given how much this grid's Sharpe ratios spread (their variance).\(best)"
                ))
        }
        if let moments = report.bestMoments {
            statistics.append(
                StatisticView(
                    name: "Probabilistic Sharpe ratio (PSR)", value: ValueFormat.ratio.format(report.probabilisticSharpe),
                    text:
                        "The probability that the best run's true Sharpe ratio is above 0 if it had been the only configuration tried, allowing for the length of its record (\(ValueFormat.count.format(Double(moments.count))) daily returns), its skewness (\(ValueFormat.ratio.format(moments.skewness))) and kurtosis (\(ValueFormat.ratio.format(moments.kurtosis)))."
                ))
        }
        if let cscv = report.overfitting {
            let splits = ValueFormat.count.format(Double(cscv.splitCount))
            statistics.append(
                StatisticView(
                    name: "Probability of backtest overfitting (PBO)", value: RobustnessView.share(cscv.probabilityOfOverfitting),
                    text:
                        "The history cut into \(report.blocks) blocks gives \(splits) ways to choose half of them. In \(RobustnessView.share(cscv.probabilityOfOverfitting)) of those splits the configuration with the best Sharpe ratio on the chosen half ranked no better than the median on the other half. Near 0: choosing this way generalises; near 50% or more: it picks noise."
                ))
            statistics.append(
                StatisticView(
                    name: "Probability of loss", value: RobustnessView.share(cscv.probabilityOfLoss),
                    text: "The splits in which the configuration chosen on one half lost money (a Sharpe ratio below 0) on the other."))
            if let slope = cscv.degradationSlope {
                statistics.append(
                    StatisticView(
                        name: "Performance degradation", value: "slope \(ValueFormat.ratio.format(slope))",
                        text:
                            "The least-squares line of the chosen configuration's Sharpe ratio out of sample against in sample, over the splits. Below 0: the better it looked in sample, the worse it did out of sample."
                    ))
            }
        } else if let why = report.overfittingNote {
            statistics.append(StatisticView(name: "Probability of backtest overfitting (PBO)", value: "n/a", text: "Not computed: \(why)."))
        }
        if let plateau = report.plateau {
            let label = study.label(configuration: plateau.point)
            let format = MetricText.format(for: spec.objective.metric)
            let own = plateau.bestPointAverage.map { format.format($0) } ?? "n/a"
            let place =
                plateau.distance == 0
                ? "It is the best point itself: the best run sits on a broad high region."
                : "\(plateau.distance) step\(plateau.distance == 1 ? "" : "s") from the best point, whose own neighbourhood averages \(own). A best point far from the best plateau is a lone peak, probably luck."
            statistics.append(
                StatisticView(
                    name: "Best plateau", value: label,
                    text:
                        "The grid point whose \(objective) averaged with its neighbours one step away is best (\(format.format(plateau.value)) over \(plateau.neighbours) points). \(place)"
                ))
        }
        let (verdict, verdictClass) = Self.verdict(
            report, trialNoun: study.markets.count > 1 ? "(configuration, market) pairs" : "configurations")
        var logits: ImageView?
        var scatter: ImageView?
        if let cscv = report.overfitting {
            let histogram = HistogramChart(
                title: "Where the in-sample winner ranks out of sample, over \(ValueFormat.count.format(Double(cscv.splitCount))) splits",
                xLabel: "logit of its out-of-sample rank: below 0, worse than the median (overfit); above 0, better",
                yLabel: "Splits", values: cscv.logits, reference: .init(value: 0, label: "median"))
            files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("logits"), content: .histogram(histogram)))
            logits = ImageView(
                src: OutputLayout.chart("logits"), alt: "Histogram of the CSCV logits; PBO is the share at or below 0",
                width: Int(histogram.width), height: Int(histogram.height))
            let points = ScatterChart(
                title: "The chosen configuration's Sharpe ratio in sample and out of sample, one dot per split",
                xLabel: "Sharpe ratio on the half it was chosen on (a year)", yLabel: "on the other half (a year)",
                xs: cscv.splits.map { $0.inSampleSharpe * annual }, ys: cscv.splits.map { $0.outOfSampleSharpe * annual },
                fit: cscv.degradationSlope.map { slope in
                    .init(
                        slope: slope, intercept: (cscv.degradationIntercept ?? 0) * annual,
                        name: "least squares: slope \(ValueFormat.ratio.format(slope))")
                })
            files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("cscv"), content: .scatter(points)))
            scatter = ImageView(
                src: OutputLayout.chart("cscv"), alt: "In-sample against out-of-sample Sharpe ratio of the chosen configuration per split",
                width: Int(points.width), height: Int(points.height))
        }
        let markets = study.markets.count
        var scope: String?
        if markets > 1 {
            scope =
                "Over \(markets) markets these statistics judge each configuration by the equal-weight portfolio of its markets (each day the mean of their daily returns), not by the \(spec.aggregate.rawValue) that ranks it; the best run is the configuration ranked first, and N counts every (configuration, market) pair."
            // Markets over different dates: outside its own a market counts 0 in the portfolio.
            if let best = report.best, let marketRuns = results.markets?.runs[best] {
                let spans = marketRuns.map { runs.load($0.hash).map { ($0.equityTime.first ?? 0, $0.equityTime.last ?? 0) } }
                if Set(spans.map { "\($0?.0 ?? 0) \($0?.1 ?? 0)" }).count > 1 {
                    scope! +=
                        " The markets cover different dates: on a day outside its own data a market counts 0, which dilutes the portfolio."
                }
            }
        }
        return RobustnessView(
            verdict: verdict, verdictClass: verdictClass, scope: scope, statistics: statistics, logits: logits, scatter: scatter)
    }

    /// The verdict in plain words, and its class: the best run holds up (DSR at least 0.95 and
    /// PBO below 25%), is luck (DSR below 0.5 or PBO at least 50%), or the evidence is weak
    /// (anything between, or a statistic missing); `unknown` when there is no best run or neither
    /// statistic could be computed.
    static func verdict(_ report: RobustnessReport, trialNoun: String = "configurations") -> (String, String) {
        guard report.best != nil else {
            return ("There is no best run to judge: no run finished with an objective and met every require.", "unknown")
        }
        return verdict(
            deflatedSharpe: report.deflatedSharpe, pbo: report.overfitting?.probabilityOfOverfitting, trials: report.trials,
            trialNoun: trialNoun)
    }

    /// The verdict from DSR, PBO and N.
    static func verdict(deflatedSharpe dsr: Double?, pbo: Double?, trials: Int, trialNoun: String = "configurations") -> (String, String) {
        let n = ValueFormat.count.format(Double(trials))
        let dsrText = ValueFormat.ratio.format(dsr)
        let pboText = RobustnessView.share(pbo)
        if dsr == nil && pbo == nil {
            return ("Not enough to judge the best run: neither the deflated Sharpe ratio nor PBO could be computed (see below).", "unknown")
        }
        if let dsr, let pbo, dsr >= 0.95, pbo < 0.25 {
            return (
                "The best run holds up: even after paying for \(n) trials its Sharpe ratio is unlikely to be luck (DSR \(dsrText)), and choosing the best configuration this way held up out of sample in \(RobustnessView.share(1 - pbo)) of the splits (PBO \(pboText)).",
                "holds"
            )
        }
        var reasons: [String] = []
        if dsr == nil { reasons.append("the deflated Sharpe ratio could not be computed") }
        if pbo == nil { reasons.append("PBO could not be computed") }
        if let dsr, dsr < 0.95 {
            reasons.append(
                dsr < 0.5
                    ? "the best of \(n) \(trialNoun) of pure noise would be expected to look this good (DSR \(dsrText))"
                    : "after paying for \(n) trials the best run's Sharpe ratio is not clearly above 0 (DSR \(dsrText), below the 0.95 bar)"
            )
        }
        if let pbo, pbo >= 0.25 {
            reasons.append("in \(pboText) of the splits the configuration best in sample did no better than the median out of sample (PBO)")
        }
        let luck = (dsr.map { $0 < 0.5 } ?? false) || (pbo.map { $0 >= 0.5 } ?? false)
        let text = reasons.joined(separator: "; and ")
        return luck
            ? ("Treat the best run as luck: \(text).", "luck")
            : ("Weak evidence for the best run: \(text).", "weak")
    }
}
