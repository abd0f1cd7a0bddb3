/// The best plateau of a grid: each grid point's objective averaged with its neighbours one step
/// along each numeric parameter, so a lone spike ranks below a broad high region.
///
/// A point's neighbours are the grid points whose value index differs by exactly 1 along one
/// numeric parameter and equals the point's along every other parameter; neighbours missing from
/// the grid or without an objective are left out, so a point on an edge averages fewer values.
/// Each value present counts once (the point itself included). Ties go to the first point.
public struct Plateau: Sendable, Equatable {
    /// Each point's averaged objective, in the order given; nil where the point has no objective.
    public var smoothed: [Double?]
    /// The number of values each point's average is taken over (0 where it has no objective).
    public var valueCounts: [Int]
    /// The index of the point with the best objective.
    public var bestPoint: Int
    /// The index of the point with the best averaged objective.
    public var bestPlateau: Int

    /// Averages `objectives` over the grid given by `coordinates` (each point's value index per
    /// parameter); nil when the arrays disagree in length or dimension, a point appears twice, or
    /// no point has a finite objective.
    ///
    /// - Parameters:
    ///   - numeric: for each parameter, whether it is numeric (smoothed along) or categorical.
    ///   - maximize: whether a higher objective is better.
    public init?(coordinates: [[Int]], objectives: [Double?], numeric: [Bool], maximize: Bool = true) {
        guard coordinates.count == objectives.count, coordinates.allSatisfy({ $0.count == numeric.count }) else { return nil }
        var index: [[Int]: Int] = [:]
        for (i, point) in coordinates.enumerated() {
            guard index.updateValue(i, forKey: point) == nil else { return nil }
        }
        let values = objectives.map { $0.flatMap { $0.isFinite ? $0 : nil } }
        var smoothed: [Double?] = []
        var valueCounts: [Int] = []
        for (i, point) in coordinates.enumerated() {
            guard let own = values[i] else {
                smoothed.append(nil)
                valueCounts.append(0)
                continue
            }
            var sum = own
            var count = 1
            for axis in numeric.indices where numeric[axis] {
                for step in [-1, 1] {
                    var neighbour = point
                    neighbour[axis] += step
                    if let j = index[neighbour], let value = values[j] {
                        sum += value
                        count += 1
                    }
                }
            }
            smoothed.append(sum / Double(count))
            valueCounts.append(count)
        }
        guard let bestPoint = Self.best(values, maximize: maximize), let bestPlateau = Self.best(smoothed, maximize: maximize)
        else { return nil }
        self.smoothed = smoothed
        self.valueCounts = valueCounts
        self.bestPoint = bestPoint
        self.bestPlateau = bestPlateau
    }

    /// The index of the first best value, skipping nils.
    private static func best(_ values: [Double?], maximize: Bool) -> Int? {
        var best: Int?
        for (i, value) in values.enumerated() {
            guard let value else { continue }
            if let b = best, let current = values[b], maximize ? value <= current : value >= current { continue }
            best = i
        }
        return best
    }
}
