import Engine
import Study

/// The objective heatmap once for each value of a third grid parameter (small multiples), the
/// parameters besides the three held at the best run's values; with many values, at most
/// `HeatmapMultiples.limit` of them, taken at evenly spaced quantiles of the sorted values (the
/// smallest and the largest always among them); a value whose heatmap has no run is left out.
public struct HeatmapMultiples: Sendable, Equatable {
    /// At most this many heatmaps.
    public static let limit = 9

    /// The third parameter (index into the grid's parameters).
    public let parameter: Int
    /// Its values shown, one per heatmap, ascending.
    public let values: [ConfigValue]
    /// The heatmaps, one per value.
    public let heatmaps: [Heatmap]
    /// The lowest and highest objective over every heatmap: their one colour scale.
    public let range: (low: Double, high: Double)?

    public static func == (a: HeatmapMultiples, b: HeatmapMultiples) -> Bool {
        a.parameter == b.parameter && a.values == b.values && a.heatmaps == b.heatmaps && a.range?.low == b.range?.low
            && a.range?.high == b.range?.high
    }

    /// The positions of the values shown among `count` sorted values: all of them up to `limit`,
    /// else the `limit` evenly spaced quantiles (positions rounded to the nearest).
    public static func positions(count: Int, limit: Int = HeatmapMultiples.limit) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        let picked = (0..<limit).map { k in Int((Double(k * (count - 1)) / Double(limit - 1)).rounded()) }
        return Array(Set(picked)).sorted()
    }

    /// The multiples of the heatmap over `axes`, across the first other parameter with more
    /// than one value; nil when there is none. Each heatmap holds the parameters besides the
    /// three at the best run's values (the first point's without one).
    public static func make(_ study: StudyDefinition, spec: OptimizationSpec, outcomes: [RunOutcome], axes: (x: Int, y: Int), best: Int?)
        -> HeatmapMultiples?
    {
        guard
            let z = spec.parameters.indices.first(where: { $0 != axes.x && $0 != axes.y && spec.parameters[$0].values.count > 1 }),
            !study.gridPoints.isEmpty
        else { return nil }
        let all = spec.parameters[z].values
        let sorted =
            all.allSatisfy { $0.number != nil } ? all.sorted { $0.number! < $1.number! } : all
        // The values whose heatmap has a run at all (constraints can leave one empty), found in
        // one pass over the grid: a point with the anchor's values besides x, y and z.
        var anchor = study.gridPoints[best ?? 0]
        var present = Set<ConfigValue>()
        for point in study.gridPoints
        where point.indices.allSatisfy({ $0 == axes.x || $0 == axes.y || $0 == z || point[$0] == anchor[$0] }) {
            present.insert(point[z])
        }
        let filled = sorted.filter(present.contains)
        guard !filled.isEmpty else { return nil }
        let shown = positions(count: filled.count).map { filled[$0] }
        let heatmaps = shown.map { value in
            anchor[z] = value
            return OptimizationService.heatmap(study, spec: spec, outcomes: outcomes, axes: axes, anchor: anchor, best: best)
        }
        let objectives = heatmaps.flatMap { $0.values.flatMap { $0 } }.compactMap { $0 }.filter(\.isFinite)
        let range = objectives.min().map { (low: $0, high: objectives.max()!) }
        return HeatmapMultiples(parameter: z, values: shown, heatmaps: heatmaps, range: range)
    }
}
