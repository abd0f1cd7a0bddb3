import Engine
import Foundation
import Runner
import Storage
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
    /// Data fingerprints memoised across builds: files by their stamp, ranges by their source.
    let fingerprintMemo: DataFingerprints
    /// Measured run durations, for `plan`'s estimate.
    let costs: RunCostModel

    /// Every study folder in the studies folder, selected or not (from "load studies"); nil when
    /// the selection itself failed (no studies folder, an unknown id), so nothing of the site is
    /// touched.
    public internal(set) var studyFolders: [String]?
    /// Healthy studies that need at least their cache read (from "load studies").
    var loaded: [LoadedStudy] = []
    /// The content fingerprint of each data source the studies read (from "load studies").
    var sourceFingerprints: [DataConfig.Source: DataFingerprint] = [:]
    /// Every data file a study asked for, read or not (a missing one too), for `dataFiles`.
    var askedFiles: Set<String> = []
    /// The parsed columns of data files, by content fingerprint (`CACHE/bars`).
    let barStore: BarStore
    /// Sources whose bar-store warning was reported already.
    var storeWarned: Set<DataConfig.Source> = []
    /// The most data sources held between steps: as many as the runs hold at once (one per worker).
    var sourceLimit: Int { max(1, options.jobs) }
    /// Each data source read (or being read, on another thread) in this build, `sourceLimit` at most.
    var sources: [DataConfig.Source: DataPreload] = [:]
    /// The digest of the bars each data section reads, by its `loaded` form (from "plan").
    var fingerprints: [DataConfig: String] = [:]
    /// The cache's classification of every hash planned so far, and the jobs' index.
    var planner = RunPlanner()
    /// Every study's runs classified, and the jobs to run (from "plan").
    public internal(set) var plan = BuildPlan()
    /// Each data section the jobs need whose range could be loaded, by its `loaded` form (from "load data").
    var data: Set<DataConfig> = []
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
        barStore = BarStore(cache: options.cache, writable: options.writesBarStores)
    }

    /// Records bad-input problems (they make the exit code 1) and shows them at once.
    mutating func problems(_ found: [Diagnostic]) {
        guard !found.isEmpty else { return }
        report.diagnostics += found
        onProblems(found)
    }

    /// The content fingerprint of a section's source, computed once per build: a file's SHA-256
    /// (memoised by its stamp), or a digest of a synthetic source's parameters and the engine's
    /// version. It keys the source's bar store.
    mutating func sourceFingerprint(_ section: DataConfig) throws -> DataFingerprint {
        if let known = sourceFingerprints[section.source] { return known }
        let found: DataFingerprint
        switch section.source {
        case .synthetic(let synthetic):
            // The generator's version too: it keys the bars' store.
            found = DataFingerprint(digest: SHA256Digest.hex(Array("\(synthetic) engine-\(EngineVersion.current)".utf8)))
        case .file(let path, let shown):
            askedFiles.insert(path)
            // Not text (a binary file, however large) is told from its first bytes, before it is read.
            try CSVBarLoader.checkHead(path: path, file: shown)
            // A file read now (new or changed) starts parsing on other threads at once, beside
            // its hash on this one; its store is written once the hash is known.
            // Past `sourceLimit` sources held, the bytes are let go after the hash (the source is
            // read again, from its store or the file, when it is needed).
            let key = PendingDigest()
            let preload = options.preloadData
            let room = sources.count < sourceLimit
            var started: DataPreload?
            do {
                found = try fingerprintMemo.fingerprint(path: path) { bytes in
                    guard preload else { return false }
                    guard room else { return true }
                    started = DataPreload(section.source, bytes: bytes, store: barStore, key: { key.wait() })
                    return true
                }
            } catch {
                key.fulfil(nil)
                throw LoadedData.unreadable(path: path, shown: shown)
            }
            key.fulfil(found.digest)
            if let started { sources[section.source] = started }
            // The store of the file's content before this edit is of no more use.
            if let old = found.replaced { barStore.remove(key: old) }
        }
        sourceFingerprints[section.source] = found
        return found
    }

    /// The bars of a section's source, read once per build (started on another thread when its
    /// fingerprint had to read the file, else read now).
    mutating func barSource(_ section: DataConfig) throws -> BarSource {
        let source: BarSource
        if let known = sources[section.source] {
            source = try known.wait()
        } else {
            let fingerprint = try sourceFingerprint(section)
            let key = fingerprint.digest
            let reading = DataPreload(reading: section.source, bytes: fingerprint.bytes, store: barStore, key: { key })
            sources[section.source] = reading
            source = try reading.wait()
        }
        if let warning = source.storeWarning, storeWarned.insert(section.source).inserted { report.warnings.append(warning) }
        return source
    }

    /// The digest of the bars a section reads (the data part of its runs' config hashes), once per
    /// build; memoised across builds by the source's fingerprint and the range, so unchanged data
    /// is not read to hash it.
    mutating func fingerprint(_ section: DataConfig) throws -> String {
        let data = section.loaded
        if let known = fingerprints[data] { return known }
        let source = try sourceFingerprint(data).digest
        let range = "\(data.start.map(String.init) ?? "-") \(data.end.map(String.init) ?? "-") engine-\(EngineVersion.current)"
        let digest: String
        if let known = fingerprintMemo.slice(source: source, range: range) {
            digest = known
        } else {
            // A slice of fewer than two bars is an error here, before any of its runs is planned
            // (a market of several is then left out, not the study).
            let bars = try barSource(data)
            digest = bars.fingerprint(of: try LoadedData.range(of: data, in: bars))
            fingerprintMemo.recordSlice(source: source, range: range, digest: digest)
            // A first build of many large markets holds no more of them than the runs will: this
            // one's range is checked now, and "run backtests" reads it again from its store.
            if sources.count > sourceLimit { sources[data.source] = nil }
        }
        fingerprints[data] = digest
        return digest
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
    /// Every run the study asked for (a walk-forward's windows too).
    public let runCount: Int
    /// The marker its output records (its inputs' digest and cache entries); nil when a run
    /// failed, so the next build tries again.
    var marker: StudyMarker?
}

extension BuildContext {
    /// After the site made runs again for their detail (`DetailStore`, which rewrites their
    /// entries whole): every marker stamped again, so the next build is up to date; a study one
    /// of whose runs could not be made again keeps no marker, so the next build tries again.
    public mutating func restampMarkers(failing: Set<String>) {
        let cache = self.cache
        for index in analysed.indices {
            guard let marker = analysed[index].marker else { continue }
            let failed = analysed[index].results.runs.contains { failing.contains($0.hash) }
            analysed[index].marker = failed ? nil : marker.restamped(in: cache)
        }
    }
}

extension BuildContext {
    /// Every data file the studies asked for (absolute paths, sorted), read or not (missing,
    /// unreadable): what `serve` watches besides the studies folder and the templates.
    public var dataFiles: [String] { askedFiles.sorted() }
}
