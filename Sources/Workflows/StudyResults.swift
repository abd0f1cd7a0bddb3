import Engine
import Foundation
import Study

/// A study's aggregate: every run with its parameters, rank and metrics, and the workflows'
/// analyses. Written as results.csv and results.json; a pure function of the study and outcomes,
/// so the files are byte-identical whatever `--jobs` was.
public struct StudyResults: Sendable {
    /// The study.
    public let study: StudyDefinition
    /// Outcome of each run, in run order.
    public let outcomes: [RunOutcome]
    /// Config hash of each run.
    public let hashes: [String]
    /// The grid's analysis.
    public let optimization: OptimizationAnalysis?
    /// The variants' comparison.
    public let variants: VariantComparison?

    /// Aggregates outcomes through the OptimizationService and VariantTestService.
    public init(study: StudyDefinition, outcomes: [RunOutcome], hashes: [String]) {
        self.study = study
        self.outcomes = outcomes
        self.hashes = hashes
        optimization = OptimizationService.analyse(study, outcomes: outcomes)
        variants = VariantTestService.compare(study, outcomes: outcomes)
    }

    /// Number of failed runs.
    public var failedCount: Int { outcomes.filter { $0.error != nil }.count }

    func kind(of run: Int) -> String {
        if run < study.gridPoints.count { return "grid" }
        return study.variants == nil ? "single" : "variant"
    }

    func parameterNames() -> [String] { study.optimization?.parameters.map(\.name) ?? [] }

    /// results.csv: one row per run.
    public var csvText: String {
        let names = parameterNames()
        var header = ["run", "kind", "name"] + names + ["rank", "meets_require"] + MetricID.allCases.map(\.rawValue) + ["error", "config_hash"]
        header = header.map(Self.csvField)
        var lines = [header.joined(separator: ",")]
        for run in outcomes.indices {
            var fields = [String(run + 1), kind(of: run), study.label(at: run)]
            if run < study.gridPoints.count {
                fields += study.gridPoints[run].map(\.description)
                fields.append(optimization?.ranks[run].map(String.init) ?? "")
                fields.append(outcomes[run].error == nil ? String(optimization?.meetsRequirements[run] ?? true) : "")
            } else {
                fields += Array(repeating: "", count: names.count) + ["", ""]
            }
            let metrics = outcomes[run].metrics
            fields += MetricID.allCases.map { id in metrics?[id].map(NumberText.format) ?? "" }
            fields.append(outcomes[run].error ?? "")
            fields.append(hashes[run])
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// results.json: the runs and the analyses.
    public var jsonText: String {
        var out = "{\n"
        func field(_ key: String, _ value: String, last: Bool = false) {
            out += "  \"\(key)\": \(value)\(last ? "" : ",")\n"
        }
        field("study", Self.quoted(study.id))
        field("name", study.base.name.map(Self.quoted) ?? "null")
        field("kind", Self.quoted(study.kind.rawValue))
        if let spec = study.optimization, let analysis = optimization {
            var o = "{\"objective\": {\"metric\": \(Self.quoted(spec.objective.metric.rawValue)), \"goal\": \(Self.quoted(spec.objective.maximize ? "maximize" : "minimize"))}"
            o += ", \"parameters\": [" + spec.parameters.map { "{\"name\": \(Self.quoted($0.name)), \"path\": \(Self.quoted($0.path.dotted))}" }.joined(separator: ", ") + "]"
            o += ", \"where\": [" + spec.constraints.map { Self.quoted($0.text) }.joined(separator: ", ") + "]"
            o += ", \"require\": [" + spec.requirements.map { Self.quoted($0.text) }.joined(separator: ", ") + "]"
            o += ", \"best_run\": " + (analysis.best.map { String($0 + 1) } ?? "null")
            o += ", \"ranked\": \(analysis.ranking.count)"
            if let heatmap = analysis.heatmap {
                o += ", \"heatmap\": {\"x\": \(Self.quoted(spec.parameters[heatmap.xParameter].name)), \"y\": \(Self.quoted(spec.parameters[heatmap.yParameter].name))"
                o += ", \"xs\": [" + heatmap.xs.map(NumberText.format).joined(separator: ", ") + "]"
                o += ", \"ys\": [" + heatmap.ys.map(NumberText.format).joined(separator: ", ") + "]"
                o += ", \"values\": [" + heatmap.values.map { row in "[" + row.map { $0.map(NumberText.format) ?? "null" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
                o += ", \"runs\": [" + heatmap.runs.map { row in "[" + row.map { $0.map { String($0 + 1) } ?? "null" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]}"
            }
            field("optimization", o + "}")
        }
        if let spec = study.variants, let comparison = variants {
            let offset = study.gridPoints.count
            var v = "{\"baseline\": \(Self.quoted(spec.variants[spec.baseline].name))"
            v += ", \"metrics\": [" + comparison.metrics.map { Self.quoted($0.rawValue) }.joined(separator: ", ") + "]"
            v += ", \"best\": {" + comparison.metrics.map { metric in
                "\(Self.quoted(metric.rawValue)): [" + (comparison.best[metric] ?? []).map { Self.quoted(spec.variants[$0].name) }.joined(separator: ", ") + "]"
            }.joined(separator: ", ") + "}"
            v += ", \"differences\": {" + spec.variants.indices.map { i in
                "\(Self.quoted(spec.variants[i].name)): [" + comparison.differences[i].map {
                    "{\"path\": \(Self.quoted($0.path)), \"baseline\": \(Self.quoted($0.baseline)), \"variant\": \(Self.quoted($0.variant))}"
                }.joined(separator: ", ") + "]"
            }.joined(separator: ", ") + "}"
            v += ", \"runs\": [" + spec.variants.indices.map { String(offset + $0 + 1) }.joined(separator: ", ") + "]}"
            field("variants", v)
        }
        out += "  \"runs\": [\n"
        let names = parameterNames()
        for run in outcomes.indices {
            var r = "    {\"run\": \(run + 1), \"kind\": \(Self.quoted(kind(of: run))), \"name\": \(Self.quoted(study.label(at: run)))"
            if run < study.gridPoints.count {
                r += ", \"parameters\": {" + zip(names, study.gridPoints[run]).map { name, value in
                    "\(Self.quoted(name)): " + (value.number.map(NumberText.format) ?? Self.quoted(value.description))
                }.joined(separator: ", ") + "}"
                r += ", \"rank\": " + (optimization?.ranks[run].map(String.init) ?? "null")
                r += ", \"meets_require\": " + (outcomes[run].error == nil ? String(optimization?.meetsRequirements[run] ?? true) : "null")
            }
            switch outcomes[run] {
            case .finished(let metrics, let warnings):
                r += ", \"metrics\": {" + MetricID.allCases.map { "\"\($0.rawValue)\": " + (metrics[$0].map(NumberText.format) ?? "null") }.joined(separator: ", ") + "}"
                r += ", \"warnings\": [" + warnings.map(Self.quoted).joined(separator: ", ") + "]"
                r += ", \"error\": null"
            case .failed(let error):
                r += ", \"metrics\": null, \"warnings\": [], \"error\": \(Self.quoted(error))"
            }
            r += ", \"config_hash\": \(Self.quoted(hashes[run]))}"
            out += r + (run == outcomes.count - 1 ? "\n" : ",\n")
        }
        out += "  ]\n}\n"
        return out
    }

    public static func quoted(_ text: String) -> String {
        var out = ""
        CanonicalJSON.quote(text, into: &out)
        return out
    }
}
