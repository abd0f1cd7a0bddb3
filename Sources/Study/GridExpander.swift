import Engine

/// Expands an optimization's parameters into grid points: every combination in file order (the
/// last parameter varies fastest), kept when every `where` constraint holds.
public enum GridExpander {
    /// Points beyond this many raw combinations are not enumerated at all.
    static let enumerationLimit = 20_000_000

    /// The kept points, each one value per parameter; errors for grids too large, emptied by the
    /// constraints, or breaking a plugin's own rules.
    public static func expand(_ spec: OptimizationSpec, base: AppConfig, file: String) throws -> [[ConfigValue]] {
        let counts = spec.parameters.map(\.values.count)
        let place = spec.parameters[0].location
        let raw = combinations(counts)
        if raw > enumerationLimit || (spec.constraints.isEmpty && raw > spec.maxRuns) {
            throw place.diagnostic(tooLarge(raw, maxRuns: spec.maxRuns, filtered: !spec.constraints.isEmpty), hint: tooLargeHint)
        }
        var points: [[ConfigValue]] = []
        var index = [Int](repeating: 0, count: counts.count)
        var current = spec.parameters.map { $0.values[0] }
        for _ in 0..<raw {
            let holds = spec.constraints.allSatisfy { constraint in
                constraint.expression.holds { slot in current[slot].number }
            }
            if holds {
                points.append(current)
                if points.count > spec.maxRuns {
                    throw place.diagnostic(
                        "the grid has more than max_runs (\(spec.maxRuns)) runs after its where constraints",
                        hint: tooLargeHint)
                }
            }
            // Odometer step, last parameter fastest.
            var d = counts.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < counts[d] {
                    current[d] = spec.parameters[d].values[index[d]]
                    break
                }
                index[d] = 0
                current[d] = spec.parameters[d].values[0]
                d -= 1
            }
        }
        guard !points.isEmpty else {
            throw place.diagnostic(
                "the where constraints leave no runs of the \(raw) combinations",
                hint: "check the constraints against the ranges: \(spec.constraints.map(\.text).joined(separator: "; "))")
        }
        try checkPluginRules(points, spec: spec, base: base)
        return points
    }

    /// The number of combinations of parameters with `counts` values, Int.max when it overflows.
    static func combinations(_ counts: [Int]) -> Int {
        var raw = 1
        for count in counts {
            let (product, overflow) = raw.multipliedReportingOverflow(by: count)
            raw = overflow ? Int.max : product
        }
        return raw
    }

    /// Why a grid of `combinations` is refused; `filtered` when it has `where` constraints.
    static func tooLarge(_ combinations: Int, maxRuns: Int, filtered: Bool) -> String {
        let size = combinations == Int.max ? "more than \(Int.max)" : String(combinations)
        return filtered
            ? "the grid has \(size) combinations before its where constraints, more than the 20000000 that are enumerated"
            : "the grid has \(size) runs, more than max_runs (\(maxRuns))"
    }

    static let tooLargeHint = "narrow the ranges, use larger steps, add where constraints, or raise max_runs"

    /// A grid point must satisfy each plugin's own rules (fast < slow); say which and how to filter.
    static func checkPluginRules(_ points: [[ConfigValue]], spec: OptimizationSpec, base: AppConfig) throws {
        var broken = 0
        var first: (rule: String, plugin: String, point: [ConfigValue])?
        for point in points {
            var config = base
            for (parameter, value) in zip(spec.parameters, point) { parameter.path.set(value, in: &config) }
            let strategy = config.strategy
            let choices: [(PluginPhase, PluginChoice)] =
                [(.signalGenerator, strategy.signalGenerator), (.exitPlanner, strategy.exitPlanner), (.sizePlanner, strategy.sizePlanner)]
                + strategy.regimeFilters.map { (.regimeFilter, $0) } + strategy.portfolioOverlays.map { (.portfolioOverlay, $0) }
            for (phase, choice) in choices {
                for rule in PluginRegistry.plugin(choice.name, in: phase)?.rules ?? [] where !rule.holds(choice.params) {
                    broken += 1
                    if first == nil { first = (rule.text, choice.name, point) }
                }
            }
        }
        if let first {
            let values = zip(spec.parameters, first.point).map { "\($0.name)=\($1)" }.joined(separator: ", ")
            throw spec.parameters[0].location.diagnostic(
                "\(broken) of the grid's \(points.count) runs break \(first.plugin)'s rule \(first.rule) (the first: \(values))",
                hint: "add where: [\"\(first.rule)\"] to leave them out")
        }
    }
}
