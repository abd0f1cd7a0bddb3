import Foundation
import Study
import Synchronization

/// The data of one "run backtests" step's jobs: each range of bars is made when the first job on
/// it starts and let go when its last job finishes. Jobs on the same range come one after another
/// (a grid, a walk-forward window), so a walk-forward's many windows, each its own range of the
/// bars with its own indicators, are never all in memory at once.
final class LoadedDataPool: Sendable {
    private struct Entry {
        var data: LoadedData?
        var remaining: Int
    }

    private let sources: [DataConfig.Source: BarSource]
    private let fingerprints: [DataConfig: String]
    private let entries: Mutex<[DataConfig: Entry]>

    /// A pool for jobs on the data sections `jobs` (one per job, repeats counted), cut from
    /// `sources`; `fingerprints` holds the digests of the sections the build knows already.
    init(jobs: [DataConfig], sources: [DataConfig.Source: BarSource], fingerprints: [DataConfig: String] = [:]) {
        self.sources = sources
        self.fingerprints = fingerprints
        var entries: [DataConfig: Entry] = [:]
        for data in jobs { entries[data, default: Entry(data: nil, remaining: 0)].remaining += 1 }
        self.entries = Mutex(entries)
    }

    /// Runs `body` with the loaded range of `section` (made now if no job holds it), for one job.
    func use<T>(_ section: DataConfig, _ body: (LoadedData) throws -> T) throws -> T {
        let data = try entries.withLock { entries -> LoadedData in
            if let known = entries[section]?.data { return known }
            let made = try LoadedData(section, source: sources[section.source]!, fingerprint: fingerprints[section])
            entries[section]?.data = made
            return made
        }
        defer {
            entries.withLock { entries in
                entries[section]?.remaining -= 1
                if entries[section]?.remaining == 0 { entries[section]?.data = nil }
            }
        }
        return try body(data)
    }
}
