import Foundation
import Storage

/// A data file's content fingerprint and, when the file had to be read to compute it, its bytes
/// (so that whoever parses it next need not read it again).
public struct DataFingerprint: Sendable {
    /// Hex SHA-256 of the file's bytes, or `synthetic` for generated data.
    public let digest: String
    /// The bytes, when they were read now; nil when the memo knew the file.
    public let bytes: Data?

    /// A fingerprint.
    public init(digest: String, bytes: Data? = nil) {
        self.digest = digest
        self.bytes = bytes
    }
}

/// SHA-256 fingerprints of data files, memoised by path, size and modification time in a file of
/// the cache folder, so an unchanged 1 GB CSV is not read again to learn that it is unchanged.
public final class DataFingerprints: @unchecked Sendable {
    private struct Stamp: Equatable {
        let size: UInt64
        let modified: Double
    }

    private let memoFile: URL
    private var memo: [String: (stamp: Stamp, digest: String)] = [:]
    private var dirty = false
    private let lock = NSLock()

    /// Opens the memo in `cacheDirectory` (a missing or damaged memo is simply empty).
    public init(cacheDirectory: URL) {
        memoFile = cacheDirectory.appendingPathComponent("fingerprints.tsv")
        guard let text = try? String(contentsOf: memoFile, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let size = UInt64(fields[1]), let modified = Double(fields[2]), fields[3].count == 64 else { continue }
            memo[String(fields[0])] = (Stamp(size: size, modified: modified), String(fields[3]))
        }
    }

    /// The fingerprint of the file at `path` and, when it had to be read, its bytes (so the caller
    /// need not read it twice). Throws when the file cannot be read.
    public func fingerprint(path: String) throws -> DataFingerprint {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let stamp = Stamp(
            size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
            modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
        if let known = lock.withLock({ memo[path] }), known.stamp == stamp { return DataFingerprint(digest: known.digest) }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let digest = SHA256Digest.hex(bytes)
        lock.withLock {
            memo[path] = (stamp, digest)
            dirty = true
        }
        return DataFingerprint(digest: digest, bytes: bytes)
    }

    /// Writes the memo back when it changed.
    public func save() {
        let text: String? = lock.withLock {
            guard dirty else { return nil }
            dirty = false
            return memo.keys.sorted().map { key in
                let entry = memo[key]!
                return "\(key)\t\(entry.stamp.size)\t\(entry.stamp.modified)\t\(entry.digest)\n"
            }.joined()
        }
        guard let text else { return }
        try? FileManager.default.createDirectory(at: memoFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(Data(text.utf8), to: memoFile)
    }
}
