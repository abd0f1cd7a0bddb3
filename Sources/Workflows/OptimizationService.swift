import Engine
import Study

/// The objective over the two heatmap parameters, the other parameters at their best values.
public struct Heatmap: Sendable, Equatable {
    /// Index of the x parameter.
    public let xParameter: Int
    /// Index of the y parameter.
    public let yParameter: Int
    /// Distinct x values, ascending.
    public let xs: [Double]
    /// Distinct y values, ascending.
    public let ys: [Double]
    /// `values[yi][xi]`: the objective, nil where no run exists (left out by constraints) or it failed.
    public let values: [[Double?]]
    /// Run index behind each cell.
    public let runs: [[Int?]]
    /// The best run's cell, as (xi, yi).
    public let best: (x: Int, y: Int)?

    public static func == (a: Heatmap, b: Heatmap) -> Bool {
        a.xParameter == b.xParameter && a.yParameter == b.yParameter && a.xs == b.xs && a.ys == b.ys
            && a.values == b.values && a.runs == b.runs && a.best?.x == b.best?.x && a.best?.y == b.best?.y
    }
}

/// The OptimizationService's reading of a finished grid.
public struct OptimizationAnalysis: Sendable, Equatable {
    /// Ranked run indices, best first: finished runs that meet every `require` and have an objective.
    public let ranking: [Int]
    /// Rank (1 = best) of each run, nil when unranked.
    public let ranks: [Int?]
    /// Whether each finished run meets every `require` (false for failed runs).
    public let meetsRequirements: [Bool]
    /// The best run.
    public var best: Int? { ranking.first }
    /// The heatmap, when the grid has two numeric parameters.
    public let heatmap: Heatmap?
    /// How much to trust the best run: DSR, PBO, the best plateau.
    public let robustness: RobustnessReport
}

/// Ranks a grid's runs by the objective and builds its heatmap.
public enum OptimizationService {
    /// Analyses the grid part of `study` (its first `gridPoints.count` outcomes); `trials` is N of
    /// the deflated Sharpe ratio, the study's trial ledger (nil: the grid's own size).
    /// With several markets, `outcomes` are each configuration's aggregate and `perMarket[c][m]`
    /// configuration c's run on market m (for `require: {all_markets: ...}`).
    public static func analyse(_ study: StudyDefinition, outcomes: [RunOutcome], trials: Int? = nil, perMarket: [[RunOutcome]]? = nil)
        -> OptimizationAnalysis?
    {
        guard let spec = study.optimization else { return nil }
        let points = study.gridPoints
        let (ranking, meets) = rank(spec, points: points, outcomes: outcomes, perMarket: perMarket)
        var ranks = [Int?](repeating: nil, count: points.count)
        for (position, run) in ranking.enumerated() { ranks[run] = position + 1 }
        let robustness = RobustnessReport(
            statistics: points.indices.map { outcomes[$0].statistics }, best: ranking.first,
            trials: trials ?? points.count, blocks: spec.blocks, plateau: plateau(spec, points: points, outcomes: outcomes, meets: meets))
        return OptimizationAnalysis(
            ranking: ranking, ranks: ranks, meetsRequirements: meets,
            heatmap: spec.heatmap.map { heatmap(study, spec: spec, outcomes: outcomes, axes: $0, best: ranking.first) },
            robustness: robustness)
    }

    /// The grid points ranked by the objective, best first (finished runs that meet every
    /// `require` and have an objective; equal objectives keep grid order, so the ranking never
    /// depends on timing), and whether each point's run meets every `require`.
    public static func rank(_ spec: OptimizationSpec, points: [[ConfigValue]], outcomes: [RunOutcome?], perMarket: [[RunOutcome]]? = nil)
        -> (ranking: [Int], meets: [Bool])
    {
        let metricIDs = MetricID.allCases
        var meets = [Bool](repeating: false, count: points.count)
        var candidates: [(run: Int, value: Double)] = []
        for run in points.indices {
            guard let metrics = outcomes[run]?.metrics else { continue }
            func slots(_ metrics: Metrics) -> (Int) -> Double? {
                { slot in slot < metricIDs.count ? metrics[metricIDs[slot]] : points[run][slot - metricIDs.count].number }
            }
            // A requirement holds on the aggregate, or with all_markets on every market's run.
            meets[run] = spec.requirements.allSatisfy { requirement in
                guard requirement.allMarkets, let markets = perMarket?[run] else { return requirement.expression.holds(slots(metrics)) }
                return markets.allSatisfy { $0.metrics.map { requirement.expression.holds(slots($0)) } ?? false }
            }
            if meets[run], let value = metrics[spec.objective.metric] { candidates.append((run, value)) }
        }
        candidates.sort { a, b in a.value != b.value ? spec.objective.isBetter(a.value, than: b.value) : a.run < b.run }
        return (candidates.map(\.run), meets)
    }

    /// The best plateau of the objective over the grid (runs failing `require` have none).
    static func plateau(_ spec: OptimizationSpec, points: [[ConfigValue]], outcomes: [RunOutcome], meets: [Bool]) -> PlateauSummary? {
        let positions = spec.parameters.map(\.positions)
        return PlateauSummary(
            coordinates: points.map { point in point.indices.map { positions[$0][point[$0]] ?? 0 } },
            objectives: points.indices.map { meets[$0] ? outcomes[$0].metrics?[spec.objective.metric] : nil },
            numeric: spec.parameters.map { $0.values.allSatisfy { $0.number != nil } }, maximize: spec.objective.maximize)
    }

    static func heatmap(_ study: StudyDefinition, spec: OptimizationSpec, outcomes: [RunOutcome], axes: (x: Int, y: Int), best: Int?)
        -> Heatmap
    {
        // The other parameters are held at the best run's values (at the first point's without one).
        heatmap(study, spec: spec, outcomes: outcomes, axes: axes, anchor: study.gridPoints[best ?? 0], best: best)
    }

    /// The objective over `axes`, the other parameters at `anchor`'s values; `best` is marked
    /// where it is among the cells.
    static func heatmap(
        _ study: StudyDefinition, spec: OptimizationSpec, outcomes: [RunOutcome], axes: (x: Int, y: Int), anchor: [ConfigValue], best: Int?
    ) -> Heatmap {
        let points = study.gridPoints
        let xs = Array(Set(spec.parameters[axes.x].values.compactMap(\.number))).sorted()
        let ys = Array(Set(spec.parameters[axes.y].values.compactMap(\.number))).sorted()
        var values = [[Double?]](repeating: [Double?](repeating: nil, count: xs.count), count: ys.count)
        var runs = [[Int?]](repeating: [Int?](repeating: nil, count: xs.count), count: ys.count)
        for (run, point) in points.enumerated() {
            let others = point.indices.allSatisfy { $0 == axes.x || $0 == axes.y || point[$0] == anchor[$0] }
            guard others, let x = point[axes.x].number, let y = point[axes.y].number,
                let xi = xs.firstIndex(of: x), let yi = ys.firstIndex(of: y)
            else { continue }
            runs[yi][xi] = run
            values[yi][xi] = outcomes[run].metrics?[spec.objective.metric]
        }
        var bestCell: (x: Int, y: Int)?
        if let best, let x = points[best][axes.x].number, let y = points[best][axes.y].number,
            let xi = xs.firstIndex(of: x), let yi = ys.firstIndex(of: y), runs[yi][xi] == best
        {
            bestCell = (xi, yi)
        }
        return Heatmap(xParameter: axes.x, yParameter: axes.y, xs: xs, ys: ys, values: values, runs: runs, best: bestCell)
    }
}
