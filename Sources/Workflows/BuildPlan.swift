import Engine
import Foundation
import Runner
import Study
import Storage

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
        /// A digest of the study's files and data (see `sourceDigest`).
        public let inputsDigest: String
    }

    /// A study whose results were written from exactly its current files and data.
    public struct UpToDate: Sendable {
        /// The study.
        public let id: String
        /// Its number of runs, as recorded when its results were written.
        public let runs: Int
    }

    /// Healthy studies that need work (at least reading the cache), in id order.
    public let studies: [PlannedStudy]
    /// Studies with nothing to do, in id order.
    public let upToDate: [UpToDate]
    /// Problems of broken studies (and unknown ids), in id order.
    public let diagnostics: [Diagnostic]
    /// Ids of the broken studies.
    public let brokenIDs: [String]
    /// Fingerprint of each data section, and its bytes when they had to be read.
    let fingerprints: [DataConfig: (digest: String, bytes: Data?)]
    /// Data files read for their fingerprint, already being parsed.
    let preloads: [DataConfig: DataPreload]

    /// Loads, validates and hashes the studies. With `skipUpToDate`, a study whose marker in the
    /// output folder matches the digest of its files and data is not even expanded.
    public static func make(_ options: BuildOptions, fingerprints memo: DataFingerprints, skipUpToDate: Bool = false) -> BuildPlan {
        var diagnostics: [Diagnostic] = []
        var broken: [String] = []
        var planned: [PlannedStudy] = []
        var current: [UpToDate] = []
        var fingerprints: [DataConfig: (digest: String, bytes: Data?)] = [:]
        var preloads: [DataConfig: DataPreload] = [:]
        let ids: [String]
        do {
            ids = try StudyLoader.select(directory: options.studies, displayRoot: options.studiesDisplay, ids: options.ids)
        } catch {
            return BuildPlan(studies: [], upToDate: [], diagnostics: DiagnosticList(from: error).diagnostics, brokenIDs: options.ids,
                             fingerprints: [:], preloads: [:])
        }
        for id in ids {
            let folder = options.studies.appendingPathComponent(id)
            let shown = StudyLoader.displayFolder(id, root: options.studiesDisplay)
            do {
                let digest = try sourceDigest(folder: folder, displayFolder: shown, salt: options.digestSalt, memo: memo, fingerprints: &fingerprints)
                if skipUpToDate, let marker = StudyMarker.read(options.output.appendingPathComponent(id)), marker.digest == digest {
                    current.append(UpToDate(id: id, runs: marker.runs))
                    continue
                }
                // Files read for their fingerprint (new or changed) start parsing now, beside the planning.
                for (data, known) in fingerprints where known.bytes != nil && preloads[data] == nil && options.preloadData {
                    preloads[data] = DataPreload(data, known: known)
                }
                let definition = try StudyLoader.loadStudy(id: id, folder: folder, displayFolder: shown)
                planned.append(try plan(definition, digest: digest, memo: memo, fingerprints: &fingerprints))
            } catch {
                diagnostics += DiagnosticList(from: error).diagnostics
                broken.append(id)
            }
        }
        return BuildPlan(studies: planned, upToDate: current, diagnostics: diagnostics, brokenIDs: broken, fingerprints: fingerprints,
                         preloads: preloads)
    }

    static func plan(_ study: StudyDefinition, digest: String, memo: DataFingerprints,
                     fingerprints: inout [DataConfig: (digest: String, bytes: Data?)]) throws -> PlannedStudy {
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
        return PlannedStudy(definition: study, hashes: hashes, dataKeys: keys, inputsDigest: digest)
    }

    /// A digest of everything a study's results depend on: the bytes of its YAML files, the
    /// fingerprints of its data and the engine and results-format versions. Equal digests mean
    /// equal results, so a build can skip the study without expanding its grid.
    static func sourceDigest(folder: URL, displayFolder: String, salt: String, memo: DataFingerprints,
                             fingerprints: inout [DataConfig: (digest: String, bytes: Data?)]) throws -> String {
        var text = "results-format 1\nengine \(EngineVersion.current)\n\(salt)\n"
        for name in ["run.yaml", "optimization.yaml", "variant.yaml"] {
            if let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) {
                text += "\(name) \(SHA256Digest.hex(bytes))\n"
            }
        }
        for data in try StudyLoader.dataSections(folder: folder, displayFolder: displayFolder) {
            if fingerprints[data] == nil { fingerprints[data] = try fingerprint(data, memo: memo) }
            text += "data \(fingerprints[data]!.digest)\n"
        }
        return SHA256Digest.hex(Array(text.utf8))
    }

    static func fingerprint(_ data: DataConfig, memo: DataFingerprints) throws -> (digest: String, bytes: Data?) {
        switch data.source {
        case .synthetic: return ("synthetic", nil)
        case .file(let path, let shown):
            do {
                return try memo.fingerprint(path: path)
            } catch {
                throw LoadedData.unreadable(path: path, shown: shown)
            }
        }
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
