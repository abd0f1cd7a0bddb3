import Engine
import Foundation
import Runner
import Study

/// What a build knows so far, handed from step to step: the options, the studies, the plan, the
/// data, the outcomes of the runs and the analysed results, and the report that grows with them.
public struct BuildContext {
    /// What the build was asked to do.
    public let options: BuildOptions
    /// What the build did so far: counts, problems, warnings, files written, step times.
    public var report = BuildReport()
    /// Called with bad-input diagnostics as soon as a step finds them, before anything runs.
    let onProblems: ([Diagnostic]) -> Void
    /// The result cache.
    public let cache: ResultCache
    /// Data fingerprints memoised by path, size and mtime.
    let fingerprintMemo: DataFingerprints
    /// Measured run durations, for `plan`'s estimate.
    let costs: RunCostModel

    /// Every study folder in the studies folder, selected or not (from "load studies"); nil when
    /// the selection itself failed (no studies folder, an unknown id), so nothing of the site is
    /// touched.
    public internal(set) var studyFolders: [String]?
    /// Healthy studies that need at least their cache read (from "load studies").
    var loaded: [LoadedStudy] = []
    /// Fingerprint of each data section the studies read, by its `loaded` form (from "load studies").
    var fingerprints: [DataConfig: DataFingerprint] = [:]
    /// Data files read for their fingerprint, already being parsed (from "load studies").
    var preloads: [DataConfig: DataPreload] = [:]
    /// Every study's runs classified, and the jobs to run (from "plan").
    public internal(set) var plan = BuildPlan()
    /// Each data set the jobs need, loaded, by its `loaded` form (from "load data").
    var data: [DataConfig: LoadedData] = [:]
    /// Whether every job ran (from "run backtests").
    var complete = true
    /// The analysed studies, ready to write (from "analyse").
    public internal(set) var analysed: [AnalysedStudy] = []

    /// A context for `options`; `problems` is called with bad-input diagnostics as they are found.
    public init(options: BuildOptions, problems: @escaping ([Diagnostic]) -> Void = { _ in }) {
        self.options = options
        onProblems = problems
        cache = ResultCache(directory: options.cache)
        fingerprintMemo = DataFingerprints(cacheDirectory: options.cache)
        costs = RunCostModel(cacheDirectory: options.cache)
    }

    /// Records bad-input problems (they make the exit code 1) and shows them at once.
    mutating func problems(_ found: [Diagnostic]) {
        guard !found.isEmpty else { return }
        report.diagnostics += found
        onProblems(found)
    }

    /// The fingerprint of a data section, computed once per build.
    mutating func fingerprint(_ section: DataConfig) throws -> DataFingerprint {
        let data = section.loaded
        if let known = fingerprints[data] { return known }
        let found: DataFingerprint
        switch data.source {
        case .synthetic: found = DataFingerprint(digest: "synthetic")
        case .file(let path, let shown):
            do {
                found = try fingerprintMemo.fingerprint(path: path)
            } catch {
                throw LoadedData.unreadable(path: path, shown: shown)
            }
        }
        fingerprints[data] = found
        return found
    }
}

/// A healthy study read whole, with the digest of its inputs.
struct LoadedStudy: Sendable {
    /// The study.
    let definition: StudyDefinition
    /// A digest of its files, data and the output's format (see `LoadStudiesStep.digest`).
    let inputsDigest: String
}

/// A study whose runs have all finished, aggregated and ready to write.
public struct AnalysedStudy: Sendable {
    /// The aggregate.
    public let results: StudyResults
    /// The digest its marker records; nil when a run failed, so the next build tries again.
    public let inputsDigest: String?
}
