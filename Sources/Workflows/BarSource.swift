import Engine
import Foundation
import Storage
import Study
import Synchronization

/// The bars of one data source (a CSV file or a synthetic source), read from its bar store, or
/// parsed or generated, once per build and shared by every range that runs cut from it (their
/// `data.start`/`data.end`), with the digests of those ranges.
public final class BarSource: Sendable {
    /// Every bar of the source.
    let bars: BarSeries
    /// How the data is named in messages: the file as the user wrote it, or "synthetic data".
    let shown: String
    /// What was wrong with the source's bar store (damaged, so made again), if anything; a store
    /// that cannot be written is reported by `BarStore.finishWrites`.
    let storeWarning: String?
    private let digests: Mutex<BarsDigest>

    /// Reads `source` from its bar store in `store` under `key` (its content fingerprint) when
    /// there is one that verifies; else parses the file, or generates the synthetic bars, and
    /// writes the store for the next build. `bytes` are the file's bytes when they were just read
    /// for the fingerprint: they are parsed at once (no store can hold a file that changed), and
    /// `key` may wait for the hash being computed beside the parse.
    init(
        _ source: DataConfig.Source, bytes: FileBytes? = nil, store: BarStore? = nil, key: @escaping @Sendable () -> String? = { nil }
    ) throws {
        let shown: String
        var store = store
        switch source {
        case .file(_, let displayPath): shown = displayPath
        case .synthetic(let synthetic):
            shown = "synthetic data"
            // Generated at about 4 million bars a second: a store pays only for large sources.
            if synthetic.bars < BarStore.syntheticMinimum { store = nil }
        }
        var warning: String?
        var stored: BarSeries?
        if bytes == nil, let store, let key = key() {
            switch store.load(key: key) {
            case .bars(let bars): stored = bars
            case .missing: break
            case .damaged(let why):
                let made = if case .file = source { "parsed the file again" } else { "made the bars again" }
                warning = "\(shown): its bar store \(store.url(for: key).path) is not usable (\(why)); \(made) and replaced it"
            }
        }
        if let stored {
            bars = stored
        } else {
            switch source {
            case .file(let path, _):
                if let bytes {
                    bars = try bytes.withBytes { try CSVBarLoader.parse($0, file: shown) }
                } else {
                    bars = try Self.read(path, shown: shown, planned: key())
                }
            case .synthetic(let synthetic):
                bars = synthetic.generate()
            }
            if let store, let key = key(), bytes == nil || !store.holds(key: key, count: bars.count) {
                store.saveLater(bars, key: key, shown: shown)
            }
        }
        self.shown = shown
        storeWarning = warning
        digests = Mutex(BarsDigest(bars: bars))
    }

    /// Reads and parses the file at `path` again (its store missing or damaged). `planned` is the
    /// SHA-256 the build planned with (from its memo, maybe long before): the bytes read now are
    /// hashed beside the parse and must match, or the runs would be hashed, cached and stored
    /// under the old content while running the new.
    private static func read(_ path: String, shown: String, planned: String?) throws -> BarSeries {
        let bytes: FileBytes
        do {
            bytes = try FileBytes(contentsOf: path)
        } catch {
            throw LoadedData.unreadable(path: path, shown: shown)
        }
        guard let planned else { return try bytes.withBytes { try CSVBarLoader.parse($0, file: shown) } }
        let digest = Mutex<String?>(nil)
        let hashed = DispatchGroup()
        DispatchQueue.global().async(group: hashed) {
            let hex = bytes.withBytes { SHA256Digest.hex($0) }
            digest.withLock { $0 = hex }
        }
        let parsed = Result { try bytes.withBytes { try CSVBarLoader.parse($0, file: shown) } }
        hashed.wait()
        guard digest.withLock({ $0 }) == planned else {
            throw Diagnostic(
                file: shown, message: "the data file changed during the build (its content is not what this build planned with)",
                hint: "build again: the next build reads the new content")
        }
        return try parsed.get()
    }

    /// The indices of the bars a section's `start`/`end` keep.
    func range(of section: DataConfig) -> Range<Int> { bars.range(from: section.start, through: section.end) }

    /// The digest of the bars a section reads: the data part of its runs' config hashes.
    func fingerprint(of section: DataConfig) -> String { fingerprint(of: range(of: section)) }

    /// The digest of the bars at `range`.
    func fingerprint(of range: Range<Int>) -> String { digests.withLock { $0.digest(of: range) } }
}
