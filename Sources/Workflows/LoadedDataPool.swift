import Foundation
import Study
import Synchronization

/// The data of one "run backtests" step's jobs, held only while jobs need it:
/// - each data source (a market's bars) is read when the first job on it starts, from its bar
///   store when it was not read already, and let go when its last job finishes;
/// - each range of those bars is made when the first job on it starts and let go when its last
///   job finishes.
///
/// The step runs the jobs grouped by source, so a study of 20 markets holds about as many
/// markets as there are workers, not 20; and jobs on the same range come one after another (a
/// grid, a walk-forward window), so a walk-forward's many windows, each its own range of the bars
/// with its own indicators, are never all in memory at once.
final class LoadedDataPool: Sendable {
    private struct Entry {
        var data: LoadedData?
        var remaining: Int
    }

    /// One source, read at most once however many jobs ask for it at the same moment.
    private final class Slot: Sendable {
        let read: Mutex<Result<BarSource, any Error>?> = Mutex(nil)
        let load: @Sendable () throws -> BarSource

        init(load: @escaping @Sendable () throws -> BarSource) { self.load = load }

        func source() throws -> BarSource {
            try read.withLock { read in
                if read == nil { read = Result { try load() } }
                return try read!.get()
            }
        }
    }

    private let load: @Sendable (DataConfig.Source) throws -> BarSource
    private let fingerprints: [DataConfig: String]
    private let entries: Mutex<[DataConfig: Entry]>
    private let sources: Mutex<[DataConfig.Source: (slot: Slot?, remaining: Int)]>

    /// A pool for jobs on the data sections `jobs` (one per job, repeats counted); `load` reads a
    /// source, and `fingerprints` holds the digests of the sections the build knows already.
    init(
        jobs: [DataConfig], fingerprints: [DataConfig: String] = [:],
        load: @escaping @Sendable (DataConfig.Source) throws -> BarSource
    ) {
        self.load = load
        self.fingerprints = fingerprints
        var entries: [DataConfig: Entry] = [:]
        var sources: [DataConfig.Source: (slot: Slot?, remaining: Int)] = [:]
        for data in jobs {
            entries[data, default: Entry(data: nil, remaining: 0)].remaining += 1
            sources[data.source, default: (nil, 0)].remaining += 1
        }
        self.entries = Mutex(entries)
        self.sources = Mutex(sources)
    }

    /// Runs `body` with the loaded range of `section` (made now if no job holds it), for one job.
    func use<T>(_ section: DataConfig, _ body: (LoadedData) throws -> T) throws -> T {
        defer { finished(section) }
        if let known = entries.withLock({ $0[section]?.data }) { return try body(known) }
        // The source is read outside the pool's lock, so jobs on other sources go on meanwhile.
        let slot = sources.withLock { sources -> Slot in
            if let slot = sources[section.source]?.slot { return slot }
            let load = self.load
            let slot = Slot { try load(section.source) }
            sources[section.source]?.slot = slot
            return slot
        }
        let source = try slot.source()
        let data = try entries.withLock { entries -> LoadedData in
            if let known = entries[section]?.data { return known }
            let made = try LoadedData(section, source: source, fingerprint: fingerprints[section])
            entries[section]?.data = made
            return made
        }
        return try body(data)
    }

    /// One job on `section` is done: its range and its source go when no job is left on them.
    private func finished(_ section: DataConfig) {
        entries.withLock { entries in
            entries[section]?.remaining -= 1
            if entries[section]?.remaining == 0 { entries[section]?.data = nil }
        }
        sources.withLock { sources in
            sources[section.source]?.remaining -= 1
            if sources[section.source]?.remaining == 0 { sources[section.source]?.slot = nil }
        }
    }
}
