import Engine
import Foundation
import Runner
import Study

/// The studies of a build, each with the config hash of every run, computed without running or
/// even parsing data (file fingerprints are memoised by path, size and mtime).
public struct BuildPlan: Sendable {
    /// One healthy study and its runs' hashes.
    public struct PlannedStudy: Sendable {
        /// The study.
        public let definition: StudyDefinition
        /// Config hash of each run.
        public let hashes: [String]
        /// Key into `data` of each run.
        public let dataKeys: [DataConfig]
        /// A digest of everything the study's results files depend on.
        public let inputsDigest: String
    }

    /// Healthy studies, in id order.
    public let studies: [PlannedStudy]
    /// Problems of broken studies (and unknown ids), in id order.
    public let diagnostics: [Diagnostic]
    /// Ids of the broken studies.
    public let brokenIDs: [String]
    /// Fingerprint of each data section, and its bytes when they had to be read.
    let fingerprints: [DataConfig: (digest: String, bytes: Data?)]

    /// Loads, validates and hashes the studies.
    public static func make(_ options: BuildOptions, fingerprints memo: DataFingerprints) -> BuildPlan {
        var diagnostics: [Diagnostic] = []
        var broken: [String] = []
        var planned: [PlannedStudy] = []
        var fingerprints: [DataConfig: (digest: String, bytes: Data?)] = [:]
        let loaded: [StudyLoader.Loaded]
        do {
            loaded = try StudyLoader.load(directory: options.studies, displayRoot: options.studiesDisplay, ids: options.ids)
        } catch {
            return BuildPlan(studies: [], diagnostics: DiagnosticList(from: error).diagnostics, brokenIDs: options.ids, fingerprints: [:])
        }
        for study in loaded {
            switch study.result {
            case .failure(let list):
                diagnostics += list.diagnostics
                broken.append(study.id)
            case .success(let definition):
                do {
                    planned.append(try plan(definition, memo: memo, fingerprints: &fingerprints))
                } catch {
                    diagnostics += DiagnosticList(from: error).diagnostics
                    broken.append(study.id)
                }
            }
        }
        return BuildPlan(studies: planned, diagnostics: diagnostics, brokenIDs: broken, fingerprints: fingerprints)
    }

    static func plan(_ study: StudyDefinition, memo: DataFingerprints, fingerprints: inout [DataConfig: (digest: String, bytes: Data?)]) throws -> PlannedStudy {
        var hashes: [String] = []
        var keys: [DataConfig] = []
        hashes.reserveCapacity(study.runCount)
        for run in 0..<study.runCount {
            let config = study.config(at: run)
            if fingerprints[config.data] == nil {
                fingerprints[config.data] = try fingerprint(config.data, memo: memo)
            }
            hashes.append(ConfigHash.of(config, dataFingerprint: fingerprints[config.data]!.digest))
            keys.append(config.data)
        }
        return PlannedStudy(definition: study, hashes: hashes, dataKeys: keys, inputsDigest: inputsDigest(study, hashes: hashes))
    }

    static func fingerprint(_ data: DataConfig, memo: DataFingerprints) throws -> (digest: String, bytes: Data?) {
        switch data.source {
        case .synthetic: return ("synthetic", nil)
        case .file(let path, let shown):
            do {
                return try memo.fingerprint(path: path)
            } catch {
                let exists = FileManager.default.fileExists(atPath: path)
                throw Diagnostic(file: shown, message: exists ? "cannot read the data file" : "data file not found",
                                 hint: exists ? "check the file's permissions" : "paths in a run.yaml start at the run.yaml's folder (looked for \(path))")
            }
        }
    }

    /// Everything results.csv and results.json depend on besides the cache: the study's shape
    /// (labels, objective, constraints, variants) and each run's hash.
    static func inputsDigest(_ study: StudyDefinition, hashes: [String]) -> String {
        var text = "results-format 1\nengine \(EngineVersion.current)\nkind \(study.kind.rawValue)\nname \(study.base.name ?? "")\n"
        if let spec = study.optimization {
            text += "objective \(spec.objective.metric.rawValue) \(spec.objective.maximize)\n"
            text += "parameters " + spec.parameters.map { "\($0.name)=\($0.path.dotted)" }.joined(separator: " ") + "\n"
            text += "where " + spec.constraints.map(\.text).joined(separator: " ; ") + "\n"
            text += "require " + spec.requirements.map(\.text).joined(separator: " ; ") + "\n"
            text += "heatmap \(spec.heatmap.map { "\($0.x) \($0.y)" } ?? "-")\n"
        }
        if let spec = study.variants {
            text += "baseline \(spec.baseline) metrics " + spec.metrics.map(\.rawValue).joined(separator: " ") + "\n"
        }
        for (run, hash) in hashes.enumerated() { text += "\(study.label(at: run))\t\(hash)\n" }
        return ConfigHash.sha256Hex(Array(text.utf8))
    }

    /// The key under which run durations on this data are measured and estimated.
    public static func costKey(_ data: DataConfig, fingerprint: String) -> String {
        if case .synthetic(let source) = data.source { return "synthetic-\(source.bars)" }
        return fingerprint
    }

    /// Whether a hash falls in shard `index` (1-based) of `count`: by the hash's leading 60 bits.
    public static func shard(of hash: String, count: Int) -> Int {
        Int(UInt64(hash.prefix(15), radix: 16).map { $0 % UInt64(count) } ?? 0) + 1
    }
}
