import Engine
import Foundation
import Study

/// A study's aggregate: every run with its parameters, rank and metrics, and the workflows'
/// analyses. Written as results.csv and results.json; a pure function of the study and outcomes,
/// so the files are byte-identical whatever `--jobs` was.
public struct StudyResults: Sendable {
    /// One run: its config hash and what it came to.
    public struct Run: Sendable {
        /// The config hash.
        public let hash: String
        /// Its metrics, or why it failed.
        public let outcome: RunOutcome

        /// A run.
        public init(hash: String, outcome: RunOutcome) {
            self.hash = hash
            self.outcome = outcome
        }
    }

    /// The study.
    public let study: StudyDefinition
    /// Every run, in run order (each configuration on each market).
    public let runs: [Run]
    /// Each configuration's outcome, what the OptimizationService and VariantTestService rank:
    /// its run, or with several markets its aggregate over them (whose hash is empty).
    public let configurations: [Run]
    /// The runs per market and their aggregates, for a study of several markets.
    public let markets: MarketRuns?
    /// The grid's analysis.
    public let optimization: OptimizationAnalysis?
    /// The variants' comparison.
    public let variants: VariantComparison?
    /// The walk-forward's windows and stitched out-of-sample results, one per market (empty
    /// without a walk-forward).
    public let walkForwards: [WalkForwardResults]
    /// The walk-forwards of several markets as one.
    public let walkForwardAggregate: WalkForwardAggregate?

    /// Aggregates outcomes through the OptimizationService and VariantTestService; `trials` is the
    /// study's trial ledger's count (nil: the grid's size). A study of several markets combines
    /// each configuration's markets first, reading their day-end equity from `store`.
    public init(
        study: StudyDefinition, runs: [Run], trials: Int? = nil, walkForwards: [WalkForwardResults] = [],
        store: (any ResultStore)? = nil
    ) {
        self.study = study
        self.runs = runs
        self.walkForwards = walkForwards
        walkForwardAggregate =
            walkForwards.count > 1
            ? store.map { WalkForwardAggregate(walkForwards, config: study.base, store: $0) } : nil
        if study.markets.count > 1, let store {
            let markets = MarketRuns(study: study, runs: runs, store: store)
            self.markets = markets
            configurations = markets.aggregates.map { Run(hash: "", outcome: $0) }
        } else {
            markets = nil
            configurations = runs
        }
        let outcomes = configurations.map(\.outcome)
        optimization = OptimizationService.analyse(
            study, outcomes: outcomes, trials: trials, perMarket: markets?.runs.map { $0.map(\.outcome) })
        variants = VariantTestService.compare(study, outcomes: outcomes, perMarket: markets?.runs.map { $0.map(\.outcome) })
    }

    /// A CSV row's parameter values, rank and meets_require for configuration `c` (blank for a
    /// variant or a single run).
    func gridFields(_ c: Int, parameters: Int) -> [String] {
        guard c < study.gridPoints.count else { return Array(repeating: "", count: parameters + 2) }
        return study.gridPoints[c].map(\.description) + [
            optimization?.ranks[c].map(String.init) ?? "",
            configurations[c].outcome.error == nil ? String(optimization?.meetsRequirements[c] ?? true) : "",
        ]
    }

    /// Number of failed runs.
    public var failedCount: Int { runs.filter { $0.outcome.error != nil }.count }

    /// `grid`, `variant` or `single`: the kind of configuration `c`.
    func kind(of c: Int) -> String {
        if c < study.gridPoints.count { return "grid" }
        return study.variants == nil ? "single" : "variant"
    }

    func parameterNames() -> [String] { study.optimization?.parameters.map(\.name) ?? [] }

    /// results.csv: one row per run.
    public var csvText: String {
        let names = parameterNames()
        let markets = study.markets.count > 1
        var header =
            ["run", "kind", "name"] + (markets ? ["market"] : []) + names + ["rank", "meets_require"] + MetricID.allCases.map(\.rawValue)
            + ["error", "config_hash"]
        header = header.map(Self.csvField)
        var lines = [header.joined(separator: ",")]
        for run in runs.indices {
            let c = study.configuration(ofRun: run)
            var fields = [String(run + 1), kind(of: c), study.label(configuration: c)]
            if markets { fields.append(study.markets[study.market(ofRun: run)].name) }
            fields += gridFields(c, parameters: names.count)
            let metrics = runs[run].outcome.metrics
            fields += MetricID.allCases.map { id in metrics?[id].map(NumberText.format) ?? "" }
            fields.append(runs[run].outcome.error ?? "")
            fields.append(runs[run].hash)
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A CSV field, quoted when it must be.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// results.json: the runs and the analyses.
    public var jsonText: String { String(decoding: jsonData, as: UTF8.self) }

    /// results.json's bytes.
    public var jsonData: Data { Data(json.bytes(.outline) + "\n".utf8) }

    /// results.json as a value.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("study", .string(study.id)), ("name", study.base.name.map(JSONValue.string) ?? .null), ("kind", .string(study.kind.rawValue)),
        ]
        // Over several markets a run is one configuration on one market: what is chosen, drawn and
        // compared is numbered by configuration (as in results.json's configurations).
        let unit = study.markets.count > 1 ? "configuration" : "run"
        if let spec = study.optimization, let analysis = optimization {
            var o: [(String, JSONValue)] = [
                (
                    "objective",
                    .object([
                        ("metric", .string(spec.objective.metric.rawValue)),
                        ("goal", .string(spec.objective.maximize ? "maximize" : "minimize")),
                    ])
                ),
                ("parameters", .array(spec.parameters.map { .object([("name", .string($0.name)), ("path", .string($0.path.dotted))]) })),
                ("where", .array(spec.constraints.map { .string($0.text) })),
                ("require", .array(spec.requirements.map { .string($0.text) })),
                ("best_\(unit)", analysis.best.map { .integer($0 + 1) } ?? .null),
                ("ranked", .integer(analysis.ranking.count)),
                ("robustness", analysis.robustness.json(unit: unit)),
            ]
            if let heatmap = analysis.heatmap {
                o.append(
                    (
                        "heatmap",
                        .object([
                            ("x", .string(spec.parameters[heatmap.xParameter].name)),
                            ("y", .string(spec.parameters[heatmap.yParameter].name)),
                            ("xs", .array(heatmap.xs.map(JSONValue.number))), ("ys", .array(heatmap.ys.map(JSONValue.number))),
                            ("values", .array(heatmap.values.map { row in .array(row.map { $0.map(JSONValue.number) ?? .null }) })),
                            ("\(unit)s", .array(heatmap.runs.map { row in .array(row.map { $0.map { .integer($0 + 1) } ?? .null }) })),
                        ])
                    ))
            }
            members.append(("optimization", .object(o)))
        }
        if let spec = study.variants, let comparison = variants {
            let offset = study.gridPoints.count
            let differences: [(String, JSONValue)] = spec.variants.indices.map { i in
                (
                    spec.variants[i].name,
                    .array(
                        comparison.differences[i].map {
                            .object([("path", .string($0.path)), ("baseline", .string($0.baseline)), ("variant", .string($0.variant))])
                        })
                )
            }
            members.append(
                (
                    "variants",
                    .object(
                        [
                            ("baseline", .string(spec.variants[spec.baseline].name)),
                            ("metrics", .array(comparison.metrics.map { .string($0.rawValue) })),
                            (
                                "best",
                                .object(
                                    comparison.metrics.map { metric in
                                        (metric.rawValue, .array((comparison.best[metric] ?? []).map { .string(spec.variants[$0].name) }))
                                    })
                            ),
                            ("differences", .object(differences)),
                            ("\(unit)s", .array(spec.variants.indices.map { .integer(offset + $0 + 1) })),
                        ] + allRounderJSON(spec, comparison))
                ))
        }
        if let walkForward = walkForwardJSON { members.append(("walk_forward", walkForward)) }
        members += marketsJSON
        if !study.leftOutMarkets.isEmpty { members.append(("markets_left_out", .array(study.leftOutMarkets.map(JSONValue.string)))) }
        let names = parameterNames()
        members.append(("runs", .generated(count: runs.count) { run in runJSON(run, parameterNames: names) }))
        return .object(members)
    }

    /// One run's line of results.json.
    func runJSON(_ run: Int, parameterNames names: [String]) -> JSONValue {
        let c = study.configuration(ofRun: run)
        var r: [(String, JSONValue)] = [
            ("run", .integer(run + 1)), ("kind", .string(kind(of: c))), ("name", .string(study.label(configuration: c))),
        ]
        if study.markets.count > 1 { r.append(("market", .string(study.markets[study.market(ofRun: run)].name))) }
        let outcome = runs[run].outcome
        if c < study.gridPoints.count {
            let parameters = zip(names, study.gridPoints[c]).map { name, value in
                (name, value.number.map(JSONValue.number) ?? .string(value.description))
            }
            r.append(("parameters", .object(parameters)))
            r.append(("rank", optimization?.ranks[c].map(JSONValue.integer) ?? .null))
            r.append(("meets_require", configurations[c].outcome.error == nil ? .bool(optimization?.meetsRequirements[c] ?? true) : .null))
        }
        switch outcome {
        case .finished(let metrics, let warnings, _):
            r.append(("metrics", .object(MetricID.allCases.map { ($0.rawValue, metrics[$0].map(JSONValue.number) ?? .null) })))
            r.append(("warnings", .array(warnings.map(JSONValue.string))))
            r.append(("error", .null))
        case .failed(let error):
            r += [("metrics", .null), ("warnings", .array([])), ("error", .string(error))]
        }
        r.append(("config_hash", .string(runs[run].hash)))
        return .object(r)
    }
}
