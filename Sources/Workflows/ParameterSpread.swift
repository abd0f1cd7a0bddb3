import Engine
import Study

/// The five-number summary of some values: min, quartiles and max (the quartiles interpolated
/// linearly between order statistics, numpy's default and Hyndman and Fan's type 7).
public struct Spread: Sendable, Equatable {
    public let min: Double
    public let lowerQuartile: Double
    public let median: Double
    public let upperQuartile: Double
    public let max: Double
    public let count: Int

    /// The summary of `values`; nil when there are none (non-finite values are left out).
    public init?(_ values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down))
            let high = Swift.min(low + 1, sorted.count - 1)
            return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
        }
        min = first
        lowerQuartile = quantile(0.25)
        median = quantile(0.5)
        upperQuartile = quantile(0.75)
        max = last
        count = sorted.count
    }
}

/// How the objective spreads over the runs that share one value of a grid parameter, for each
/// value: the sensitivity of the objective to that parameter, the others varying freely.
public struct ParameterSpread: Sendable, Equatable {
    /// The parameter (index into the grid's parameters).
    public let parameter: Int
    /// Its values, in ascending order when they are numbers, else as written.
    public let values: [ConfigValue]
    /// The objective's spread over the runs with each value (nil: none has an objective).
    public let spreads: [Spread?]
    /// The best run's value (index into `values`).
    public let best: Int?

    /// The spreads of every parameter with more than one value, over the finished runs that
    /// have an objective (whether or not they meet `require`).
    public static func all(_ study: StudyDefinition, spec: OptimizationSpec, outcomes: [RunOutcome], best: Int?) -> [ParameterSpread] {
        spec.parameters.indices.filter { spec.parameters[$0].values.count > 1 }.map { p in
            let written = spec.parameters[p].values
            let values = written.allSatisfy { $0.number != nil } ? written.sorted { $0.number! < $1.number! } : written
            var objectives = [[Double]](repeating: [], count: values.count)
            for (run, point) in study.gridPoints.enumerated() {
                guard let objective = outcomes[run].metrics?[spec.objective.metric], let slot = values.firstIndex(of: point[p]) else {
                    continue
                }
                objectives[slot].append(objective)
            }
            return ParameterSpread(
                parameter: p, values: values, spreads: objectives.map { Spread($0) },
                best: best.flatMap { values.firstIndex(of: study.gridPoints[$0][p]) })
        }
    }
}
