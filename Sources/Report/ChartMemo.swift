import Foundation
import Storage
import Synchronization

/// The PNGs the last build drew, by path, each with a digest of the chart model it was drawn
/// from: the next build in the same process (`backlab serve`) draws again only the charts whose
/// model changed, and takes the others' bytes from here. Drawing and compressing PNGs is most of
/// a rebuild of a large grid after a small edit (its heatmap, its top runs' charts mostly stay).
///
/// The digest is SHA-256 of the model's full description (every stored property, numbers in
/// their shortest exact form), so a field added to a chart can never be left out of the check.
public final class ChartMemo: Sendable {
    struct Entry: Sendable {
        let digest: [UInt8]
        let png: Data
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let hits = Atomic<Int>(0)

    public init() {}

    /// Charts held now.
    public var count: Int { entries.withLock { $0.count } }

    /// Charts taken from here instead of drawn, over every build so far.
    public var reused: Int { hits.load(ordering: .relaxed) }

    /// The PNG drawn before at `path` from a model with this digest, if any.
    func png(at path: String, digest: [UInt8]) -> Data? {
        let png = entries.withLock { entries in entries[path].flatMap { $0.digest == digest ? $0.png : nil } }
        if png != nil { hits.add(1, ordering: .relaxed) }
        return png
    }

    /// Keeps what this build drew of `studies` (each study's charts of before are dropped, so
    /// charts that are gone are not held), and nothing of a study not in `existing` (deleted).
    func replace(studies: Set<String>, with drawn: [String: Entry], existing: Set<String>) {
        entries.withLock { entries in
            entries = entries.filter { path, _ in
                let study = SiteBuilder.study(of: path)
                return !studies.contains(study) && existing.contains(study)
            }
            entries.merge(drawn) { _, new in new }
        }
    }

    /// The digest of a chart's model.
    static func digest(of chart: some Sendable) -> [UInt8] {
        SHA256Digest.bytes(Array(String(describing: chart).utf8))
    }
}
