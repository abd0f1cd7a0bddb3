import Foundation
import Storage

/// A data file's content fingerprint and, when the file had to be read to compute it and nobody
/// took the bytes while they were hashed, its bytes (so that whoever parses it next need not read
/// it again).
public struct DataFingerprint: Sendable {
    /// Hex SHA-256 of the file's bytes, or a digest of a synthetic source's parameters.
    public let digest: String
    /// The bytes, when they were read now; nil when the memo knew the file.
    public let bytes: FileBytes?
    /// The file's fingerprint before it changed, when no other file of the memo has it (so what
    /// was kept for that content, its bar store, can go).
    public let replaced: String?

    /// A fingerprint.
    public init(digest: String, bytes: FileBytes? = nil, replaced: String? = nil) {
        self.digest = digest
        self.bytes = bytes
        self.replaced = replaced
    }
}

/// Fingerprints of data, memoised in a file of the cache folder so that unchanged data is not
/// read again to learn that it is unchanged:
/// - a file's SHA-256, by its path, size, modification time and inode;
/// - the digest of a range of a source's bars (the data part of config hashes), by the source's
///   fingerprint and the range, so an unchanged 1 GB CSV is not parsed to hash its slices again.
public final class DataFingerprints: @unchecked Sendable {
    private struct Stamp: Equatable {
        let size: UInt64
        let modified: Double
        let inode: UInt64
    }

    private let memoFile: URL
    private var files: [String: (stamp: Stamp, digest: String)] = [:]
    private var slices: [String: String] = [:]
    /// Source fingerprints whose slices were asked for in this process (kept when saving).
    private var usedSources = Set<String>()
    private var dirty = false
    private let lock = NSLock()

    /// Opens the memo in `cacheDirectory` (a missing or damaged memo is simply empty).
    public init(cacheDirectory: URL) {
        memoFile = cacheDirectory.appendingPathComponent("fingerprints.tsv")
        guard let text = try? String(contentsOf: memoFile, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch (fields.first, fields.count) {
            case ("file", 6):
                guard let size = UInt64(fields[2]), let modified = Double(fields[3]), let inode = UInt64(fields[4]), fields[5].count == 64
                else { continue }
                files[fields[1]] = (Stamp(size: size, modified: modified, inode: inode), fields[5])
            case ("slice", 3):
                guard fields[2].count == 64 else { continue }
                slices[fields[1]] = fields[2]
            default: continue  // an older memo's line: recomputed once
            }
        }
    }

    /// The fingerprint of the file at `path` and, when it had to be read, its bytes (so the caller
    /// need not read it twice). A file read now is first handed to `read`, which may start parsing
    /// it on other threads while this one hashes it; when `read` returns true it took the bytes
    /// and the fingerprint does not hold them. Throws when the file cannot be read.
    public func fingerprint(path: String, read: (FileBytes) -> Bool = { _ in false }) throws -> DataFingerprint {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        // Never read a FIFO or a device (it may block for ever): the decoder refuses them, and
        // this catches one swapped in since.
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let stamp = Stamp(
            size: (attributes[.size] as? NSNumber)?.uint64Value ?? 0,
            modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
            inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0)
        if let known = lock.withLock({ files[path] }), known.stamp == stamp { return DataFingerprint(digest: known.digest) }
        let bytes = try FileBytes(contentsOf: path)
        let taken = read(bytes)
        let digest = bytes.withBytes { SHA256Digest.hex($0) }
        let replaced = lock.withLock { () -> String? in
            let previous = files[path]?.digest
            files[path] = (stamp, digest)
            dirty = true
            guard let previous, previous != digest, !files.values.contains(where: { $0.digest == previous }) else { return nil }
            return previous
        }
        return DataFingerprint(digest: digest, bytes: taken ? nil : bytes, replaced: replaced)
    }

    /// The memoised digest of a range of the source fingerprinted `source`; `range` names the
    /// range (and whatever else decides the bars, such as the engine version).
    public func slice(source: String, range: String) -> String? {
        lock.withLock {
            usedSources.insert(source)
            return slices[source + " " + range]
        }
    }

    /// Memoises the digest of a range of a source (see `slice(source:range:)`).
    public func recordSlice(source: String, range: String, digest: String) {
        lock.withLock {
            usedSources.insert(source)
            slices[source + " " + range] = digest
            dirty = true
        }
    }

    /// Writes the memo back when it changed. Slices are kept for the files' current content and
    /// for the sources used now; those of content that is gone are dropped.
    public func save() {
        let text: String? = lock.withLock {
            guard dirty else { return nil }
            dirty = false
            let current = Set(files.values.map(\.digest)).union(usedSources)
            var lines = files.keys.sorted().map { path in
                let entry = files[path]!
                return "file\t\(path)\t\(entry.stamp.size)\t\(entry.stamp.modified)\t\(entry.stamp.inode)\t\(entry.digest)\n"
            }
            for key in slices.keys.sorted() where current.contains(String(key.prefix { $0 != " " })) {
                lines.append("slice\t\(key)\t\(slices[key]!)\n")
            }
            return lines.joined()
        }
        guard let text else { return }
        try? FileManager.default.createDirectory(at: memoFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(Data(text.utf8), to: memoFile)
    }
}
