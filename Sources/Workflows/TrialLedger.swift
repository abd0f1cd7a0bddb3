import Foundation
import Storage

/// A study's trial ledger (DESIGN section 8): every distinct configuration the study's grid has
/// ever evaluated, across builds, so that the deflated Sharpe ratio pays for all of them (a grid
/// that was widened and then narrowed again still counts its old trials).
///
/// One file per study, `LEDGER/<study>.txt`: a comment line, then one trial key (see
/// `AppConfig.trialKey`) per line, sorted. Written atomically, and only when it gained a trial.
/// `backlab clean` leaves it; `backlab clean --ledger` removes it.
public struct TrialLedger: Sendable {
    /// The ledger's file.
    public let url: URL
    /// The trial keys.
    public private(set) var trials: Set<String>
    private var changed = false

    static let header = "# backlab trial ledger 1: one trial key (a configuration this study has evaluated) per line\n"

    /// The ledger of study `id` in `folder` (empty when there is none yet, or it cannot be read).
    public init(folder: URL, study id: String) {
        url = Self.url(folder: folder, study: id)
        trials = Self.read(url)
    }

    private static func read(_ url: URL) -> Set<String> {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").lazy.filter { $0.count == 64 && $0.allSatisfy(\.isHexDigit) }.map(String.init))
    }

    /// The file of study `id`'s ledger in `folder`.
    public static func url(folder: URL, study id: String) -> URL { folder.appendingPathComponent("\(id).txt") }

    /// The number of trials, N.
    public var count: Int { trials.count }

    /// Adds trials (already known ones change nothing).
    public mutating func record(_ keys: some Sequence<String>) {
        for key in keys where trials.insert(key).inserted { changed = true }
    }

    /// Writes the ledger when it gained trials. Under the ledger folder's lock the file is read
    /// again and merged, so builds of other outputs that evaluate the same study at once lose
    /// none of each other's trials.
    public mutating func save() throws {
        guard changed else { return }
        let lock = try FileLock.acquire(
            url.deletingLastPathComponent().appendingPathComponent(BuildLocks.ledgerFile), exclusive: true, wait: true)
        defer { lock.release() }
        trials.formUnion(Self.read(url))
        try AtomicFile.write(Data((Self.header + trials.sorted().map { $0 + "\n" }.joined()).utf8), to: url)
        changed = false
    }
}
