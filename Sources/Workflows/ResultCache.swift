import Foundation
import Storage
import Synchronization

/// Content-addressed store of run results: one file per config hash, written atomically
/// (temporary file, then rename) and verified when read (length and SHA-256 of the payload), so a
/// killed build never leaves a half-written entry that is taken for a result.
///
/// Layout: `DIR/ab/abcdef....blr`. An entry is the magic `BLR1`, the payload's length (8 bytes,
/// little-endian), its SHA-256 (32 bytes) and the payload.
public struct ResultCache: Sendable {
    /// The cache folder.
    public let directory: URL
    static let magic: [UInt8] = Array("BLR1".utf8)
    static let headerSize = 4 + 8 + 32

    /// The folder's path, for stat without building a URL per entry.
    private let path: String
    /// Payloads whose entries could not be written (a full disk), kept in memory for the rest of
    /// the build, up to `unwrittenLimit` bytes, so its analysis and site still have them; the
    /// next build runs them again.
    private let unwritten = Unwritten()
    static let unwrittenLimit = 256 << 20

    private final class Unwritten: Sendable {
        let payloads = Mutex((byHash: [String: Data](), bytes: 0))
    }

    /// A cache in `directory` (created on first write).
    public init(directory: URL) {
        self.directory = directory
        path = directory.path
    }

    /// The file of a hash.
    public func url(for hash: String) -> URL { URL(fileURLWithPath: entryPath(hash)) }

    /// The path of a hash's file, as a string (a stat per entry must not build a URL).
    private func entryPath(_ hash: String) -> String { "\(path)/\(hash.prefix(2))/\(hash).blr" }

    /// What reading an entry found.
    public enum Lookup: Sendable {
        /// A verified payload.
        case hit(Data)
        /// No entry.
        case miss
        /// An entry that failed verification (truncated, altered): treat as a miss and replace it.
        case corrupt(String)
    }

    /// Reads and verifies the entry of `hash`.
    public func read(_ hash: String) -> Lookup {
        // What this build could not write wins over the file (which may be an old, damaged one).
        if let kept = unwritten.payloads.withLock({ $0.byHash[hash] }) { return .hit(kept) }
        guard let data = FileManager.default.contents(atPath: entryPath(hash)) else { return .miss }
        return Self.verify([UInt8](data))
    }

    /// An entry file's bytes checked and unwrapped: the payload, or why it is not one.
    public static func verify(_ bytes: [UInt8]) -> Lookup {
        guard bytes.count >= headerSize, Array(bytes[0..<4]) == magic else {
            return .corrupt("not a Backlab cache entry (\(bytes.count) bytes)")
        }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[4 + i]) << (8 * UInt64(i)) }
        guard UInt64(bytes.count - headerSize) == length else {
            return .corrupt("truncated: \(bytes.count - headerSize) of \(length) payload bytes")
        }
        let payload = Array(bytes[headerSize...])
        guard SHA256Digest.bytes(payload) == Array(bytes[12..<44]) else { return .corrupt("checksum mismatch") }
        return .hit(Data(payload))
    }

    /// Writes the entry of `hash` atomically; concurrent writers of the same hash are harmless
    /// (identical content, last rename wins).
    public func write(_ hash: String, payload: Data) throws {
        do {
            try writeEntry(hash, payload: payload)
        } catch {
            unwritten.payloads.withLock {
                guard $0.byHash[hash] == nil, $0.bytes + payload.count <= Self.unwrittenLimit else { return }
                $0.byHash[hash] = payload
                $0.bytes += payload.count
            }
            throw error
        }
    }

    private func writeEntry(_ hash: String, payload: Data) throws {
        let target = url(for: hash)
        try AtomicFile.createFolder(target.deletingLastPathComponent())
        var bytes = Self.magic
        var length = UInt64(payload.count)
        for _ in 0..<8 {
            bytes.append(UInt8(length & 0xFF))
            length >>= 8
        }
        bytes += SHA256Digest.bytes([UInt8](payload))
        bytes += payload
        try AtomicFile.write(Data(bytes), to: target)
    }

    /// The size and modification time (ns) of the entry of `hash`, as "size:mtime"; nil when there
    /// is none (one stat, nothing read). Any rewrite of the entry changes it.
    public func entryStamp(_ hash: String) -> String? {
        // An entry this build could not write has no stamp, whatever file is there.
        guard unwritten.payloads.withLock({ $0.byHash[hash] == nil }) else { return nil }
        var info = stat()
        guard stat(entryPath(hash), &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return "\(info.st_size):\(Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))"
    }

    /// Removes an entry (after it failed verification).
    public func remove(_ hash: String) {
        try? FileManager.default.removeItem(at: url(for: hash))
    }
}
