import Study

extension RobustnessReport {
    /// The statistics as results.json writes them (per-period figures; run numbers from 1).
    var json: JSONValue { json(unit: "run") }

    /// The same, the best and the plateau numbered as `unit`s (`configuration` over several
    /// markets, where a run is one configuration on one market).
    func json(unit: String) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        let overfitting: JSONValue =
            self.overfitting.map { o in
                .object([
                    ("pbo", .number(o.probabilityOfOverfitting)), ("splits", .integer(o.splitCount)), ("runs", .integer(o.runCount)),
                    ("probability_of_loss", .number(o.probabilityOfLoss)), ("degradation_slope", number(o.degradationSlope)),
                    ("degradation_intercept", number(o.degradationIntercept)),
                ])
            } ?? .null
        let plateau: JSONValue =
            self.plateau.map { p in
                .object([
                    (unit, .integer(p.point + 1)), ("average", .number(p.value)), ("values", .integer(p.neighbours)),
                    ("best_\(unit)_average", number(p.bestPointAverage)), ("distance", .integer(p.distance)),
                ])
            } ?? .null
        return .object([
            ("trials", .integer(trials)), ("measured_runs", .integer(measuredRuns)), ("sharpe_variance", number(sharpeVariance)),
            ("best_\(unit)", best.map { .integer($0 + 1) } ?? .null),
            ("returns", bestMoments.map { .integer($0.count) } ?? .null), ("sharpe", number(bestMoments?.sharpe)),
            ("skewness", number(bestMoments?.skewness)), ("kurtosis", number(bestMoments?.kurtosis)),
            ("probabilistic_sharpe_ratio", number(probabilisticSharpe)), ("expected_maximum_sharpe", number(expectedMaximumSharpe)),
            ("deflated_sharpe_ratio", number(deflatedSharpe)), ("blocks", .integer(blocks)), ("overfitting", overfitting),
            ("overfitting_note", overfittingNote.map(JSONValue.string) ?? .null), ("plateau", plateau),
        ])
    }
}
