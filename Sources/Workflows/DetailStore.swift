import Engine
import Runner
import Study
import Synchronization

/// What the site reads runs from: the cache, and for a run of a large grid, whose entry keeps
/// no trades or equity points (`StoredResult.detailRunLimit`), the run made again when its detail
/// is first asked for. A backtest is a pure function of its config and bars, so the run made
/// again is the run that was cached; its metrics are checked bit for bit against the entry's all
/// the same, and the whole result is then cached, so a later build reads it.
///
/// Only the runs a page shows are made again: a grid's best runs, with their own pages and equity
/// curves; the 10,000 others of a 10,000-run grid keep about 1 KB each instead of 10 to 30.
public final class DetailStore: ResultStore {
    private let cache: ResultCache
    /// Where each run's config comes from: its study (an index into `studies`) and its run index.
    private let origins: [String: (study: Int, run: Int)]
    private let studies: [StudyDefinition]
    /// The build's sources already read, and the data made for runs made again.
    private let sources: [DataConfig.Source: DataPreload]
    /// The bar stores, and the key of each source's store, for sources read again.
    private let store: BarStore
    private let keys: [DataConfig.Source: String]
    private let made = Mutex(
        (data: [DataConfig: LoadedData](), runs: 0, problems: [String](), failed: Set<String>(), ready: [String: StoredResult]()))

    /// The store of `build`'s analysed studies.
    public init(_ build: BuildContext) {
        cache = build.cache
        sources = build.sources
        store = build.barStore
        keys = build.sourceFingerprints.mapValues(\.digest)
        var origins: [String: (Int, Int)] = [:]
        for (number, study) in build.analysed.enumerated() {
            let definition = study.results.study
            // A walk-forward's window runs always keep their detail; its own grid's runs come first.
            for (index, run) in study.results.runs.prefix(definition.runCount).enumerated() where origins[run.hash] == nil {
                origins[run.hash] = (number, index)
            }
        }
        self.origins = origins
        studies = build.analysed.map(\.results.study)
    }

    /// Runs made again for their detail so far.
    public var runsMadeAgain: Int { made.withLock { $0.runs } }

    /// Why runs could not be made again (their pages then lack them), for the report.
    public var problems: [String] { made.withLock { $0.problems } }

    /// The runs that could not be made again: their studies keep no marker.
    public var failed: Set<String> { made.withLock { $0.failed } }

    public func storedResult(_ hash: String) -> StoredResult? { storedResult(hash, part: .all) }

    /// Reads the runs of `hashes` once and makes those that lack their detail again, on `jobs`
    /// workers, before the pages ask for them one by one (the pages are made one study after
    /// another, and then find them here).
    public func prefetch(_ hashes: [String], jobs: Int) {
        var seen = Set<String>()
        let shown = hashes.filter { hash in seen.insert(hash).inserted && made.withLock { $0.ready[hash] == nil } }
        // Each entry read once, on the workers; the pages then find them here.
        let read = Mutex([StoredResult?](repeating: nil, count: shown.count))
        ParallelRunService.run(count: shown.count, jobs: jobs, interruption: Interruption()) { index in
            self.cache.storedResult(shown[index], part: .all)
        } deliver: { index, stored in
            read.withLock { $0[index] = stored }
        }
        let entries = read.withLock { $0 }
        let lacking = shown.indices.filter { entries[$0]?.hasDetail == false && origins[shown[$0]] != nil }
        made.withLock { for (index, stored) in entries.enumerated() where stored?.hasDetail == true { $0.ready[shown[index]] = stored } }
        // Each data section made once, before the workers share it.
        for section in Set(lacking.compactMap { origins[shown[$0]].map { studies[$0.study].config(at: $0.run).data } }) {
            _ = try? loaded(section)
        }
        ParallelRunService.run(count: lacking.count, jobs: jobs, interruption: Interruption()) { index in
            self.madeAgain(shown[lacking[index]], stored: entries[lacking[index]])
        } deliver: { index, result in
            if let result { self.made.withLock { $0.ready[shown[lacking[index]]] = result } }
        }
    }

    public func storedResult(_ hash: String, part: StoredResult.Part) -> StoredResult? {
        if part == .all, let ready = made.withLock({ $0.ready[hash] }) { return ready }
        guard let stored = cache.storedResult(hash, part: part) else { return nil }
        guard part == .all, !stored.hasDetail else { return stored }
        return madeAgain(hash, stored: stored)
    }

    /// The whole result of `hash`, made again; nil when it cannot be, or differs from its entry.
    private func madeAgain(_ hash: String, stored known: StoredResult? = nil) -> StoredResult? {
        guard let origin = origins[hash], let stored = known ?? cache.storedResult(hash, part: .all) else { return nil }
        do {
            let config = studies[origin.study].config(at: origin.run)
            let data = try loaded(config.data)
            let result = try StrategyOrchestrator.run(config, data: data, configHash: hash)
            var needs = stored.kept
            needs.detail = true
            let full = StoredResult(result, needs: needs)
            // Byte for byte, as the entry holds it (a NaN equals itself, -0 is not 0).
            guard full.summary.encoded() == stored.encoded() else {
                made.withLock {
                    $0.problems.append("run \(hash) made again for its detail differs from its cache entry: not shown")
                    $0.failed.insert(hash)
                }
                return nil
            }
            made.withLock { $0.runs += 1 }
            // Kept for the next build; if it cannot be written, this build still shows it.
            try? cache.write(hash, payload: full.encoded())
            return full
        } catch {
            made.withLock {
                $0.problems.append("run \(hash) could not be made again for its detail: \(error)")
                $0.failed.insert(hash)
            }
            return nil
        }
    }

    private func loaded(_ section: DataConfig) throws -> LoadedData {
        if let known = made.withLock({ $0.data[section] }) { return known }
        let key = keys[section.source]
        let source = try sources[section.source].map { try $0.wait() } ?? BarSource(section.source, store: store, key: { key })
        let data = try LoadedData(section, source: source)
        made.withLock { $0.data[section] = data }
        return data
    }
}
