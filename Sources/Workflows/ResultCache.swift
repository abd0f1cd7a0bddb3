import Foundation
import Storage
import Synchronization

/// Content-addressed store of run results, keyed by config hash: records in append-only pack
/// files (`PackStore`, in `DIR/packs/`), each verified when read (length and SHA-256 of the
/// payload), so a killed build never leaves a record that is taken for a result. Each process,
/// and each of its threads that writes at the same time, appends to packs of its own: shards on
/// many machines share one cache folder, and no run creates a file.
///
/// Caches of the previous layout (one file a run, `DIR/ab/abcdef....blr`: the magic `BLR1`, the
/// payload's length in 8 bytes little-endian, its SHA-256 and the payload) are read as they are,
/// and moved into a pack by the next compaction (`maintain`).
public struct ResultCache: Sendable {
    /// The cache folder.
    public let directory: URL
    static let magic: [UInt8] = Array("BLR1".utf8)
    static let headerSize = 4 + 8 + 32
    /// The packs' folder in the cache folder.
    public static let packFolder = "packs"

    /// The folder's path, for paths without building a URL per entry.
    private let path: String
    /// The packs.
    public let packs: PackStore
    /// Payloads whose entries could not be written (a full disk), kept in memory for the rest of
    /// the build, up to `unwrittenLimit` bytes, so its analysis and site still have them; the
    /// next build runs them again.
    private let unwritten = Unwritten()
    static let unwrittenLimit = 256 << 20
    /// Whether the folder holds entries of the previous layout (looked at once).
    private let legacy = Legacy()

    private final class Unwritten: Sendable {
        let payloads = Mutex((byHash: [String: Data](), bytes: 0))
    }

    private final class Legacy: Sendable {
        let present = Mutex<Bool?>(nil)
    }

    /// A cache in `directory` (created on first write).
    public init(directory: URL) {
        self.directory = directory
        path = directory.path
        packs = PackStore(folder: directory.appendingPathComponent(Self.packFolder))
    }

    /// The file of a hash in the previous layout.
    public func legacyURL(for hash: String) -> URL { URL(fileURLWithPath: legacyPath(hash)) }

    private func legacyPath(_ hash: String) -> String { "\(path)/\(hash.prefix(2))/\(hash).blr" }

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
        // What this build could not write wins over the packs (which may hold an old, damaged one).
        if let kept = unwritten.payloads.withLock({ $0.byHash[hash] }) { return .hit(kept) }
        switch packs.read(hash) {
        case .payload(let bytes): return .hit(Data(bytes))
        case .damaged(let why): return hasLegacy ? readLegacy(hash, otherwise: .corrupt(why)) : .corrupt(why)
        case .missing: return hasLegacy ? readLegacy(hash, otherwise: .miss) : .miss
        }
    }

    private func readLegacy(_ hash: String, otherwise: Lookup) -> Lookup {
        guard let data = FileManager.default.contents(atPath: legacyPath(hash)) else { return otherwise }
        return Self.verify([UInt8](data))
    }

    /// Whether the folder has entries of the previous layout: a folder named by two hex digits.
    private var hasLegacy: Bool {
        legacy.present.withLock { present in
            if let present { return present }
            let found = !legacyFolderNames().isEmpty
            present = found
            return found
        }
    }

    /// An entry file's bytes (previous layout) checked and unwrapped: the payload, or why it is not one.
    public static func verify(_ bytes: [UInt8]) -> Lookup {
        guard bytes.count >= headerSize, Array(bytes[0..<4]) == magic else {
            return .corrupt("not a Backlab cache entry (\(bytes.count) bytes)")
        }
        let length = PackRecord.readLittleEndian(bytes[4...])
        guard UInt64(bytes.count - headerSize) == length else {
            return .corrupt("truncated: \(bytes.count - headerSize) of \(length) payload bytes")
        }
        let payload = Array(bytes[headerSize...])
        guard SHA256Digest.bytes(payload) == Array(bytes[12..<44]) else { return .corrupt("checksum mismatch") }
        return .hit(Data(payload))
    }

    /// Appends the entry of `hash` to a pack of this process; concurrent writers of the same hash
    /// are harmless (identical content, the newest record is read).
    public func write(_ hash: String, payload: Data) throws {
        do {
            try packs.write(hash, payload: [UInt8](payload))
        } catch {
            unwritten.payloads.withLock {
                guard $0.byHash[hash] == nil, $0.bytes + payload.count <= Self.unwrittenLimit else { return }
                $0.byHash[hash] = payload
                $0.bytes += payload.count
            }
            throw error
        }
    }

    /// Closes the packs this process wrote and writes their indexes (the end of a run step).
    public func finishWrites() { packs.finishWrites() }

    /// The entry of `hash` named by its content, "sha:" and the first 16 hex digits of its
    /// payload's SHA-256, as its pack's index or record header says; nil when there is none
    /// (nothing is read beyond that). Any rewrite with other content changes it; a compaction,
    /// which moves records, does not.
    public func entryStamp(_ hash: String) -> String? {
        // An entry this build could not write has no stamp, whatever is there.
        guard unwritten.payloads.withLock({ $0.byHash[hash] == nil }) else { return nil }
        if let checksum = packs.checksum(hash) { return Self.stamp(checksum) }
        guard hasLegacy else { return nil }
        // The previous layout: the checksum is in the file's header.
        let descriptor = open(legacyPath(hash), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        guard pread(descriptor, &header, Self.headerSize, 0) == Self.headerSize, Array(header[0..<4]) == Self.magic else { return nil }
        return Self.stamp(PackRecord.readLittleEndian(header[12...]))
    }

    private static func stamp(_ checksum: UInt64) -> String {
        let digits = String(checksum.byteSwapped, radix: 16)
        return "sha:" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Removes an entry of the previous layout (after it failed verification); a damaged pack
    /// record stays until a compaction, and the new result, written after it, is the one read.
    public func remove(_ hash: String) {
        guard hasLegacy else { return }
        unlink(legacyPath(hash))
    }

    /// Every hash with an entry.
    public func hashes() -> Set<String> {
        var all = Set(packs.keys())
        guard hasLegacy else { return all }
        for folder in legacyFolderNames() {
            for name in legacyEntries(in: folder) { all.insert(String(name.dropLast(4))) }
        }
        return all
    }

    /// What `maintain` did.
    public struct Maintenance: Sendable, Equatable {
        /// Packs and bytes before and after.
        public let packsBefore: Int, packsAfter: Int, bytesBefore: Int, bytesAfter: Int
        /// Entries of the previous layout moved into the pack.
        public let migrated: Int
    }

    /// Compacts the cache when it is worth it: more than `packLimit` packs, a quarter of the
    /// bytes dead (superseded records, torn tails), or entries of the previous layout to move in.
    /// Only call it holding the cache alone (`BuildLocks.tryCacheAlone`). Nil when nothing was
    /// worth doing.
    @discardableResult
    public func maintain(packLimit: Int = 16) throws -> Maintenance? {
        let before = packs.usage()
        let legacyFolders = hasLegacy ? legacyFolderNames() : []
        guard before.packs > packLimit || (before.deadBytes > 0 && before.deadBytes * 4 >= before.bytes) || !legacyFolders.isEmpty
        else { return nil }
        // The old files moved in (or found damaged): only those go once the pack is whole; one
        // that could not be read (permissions, an I/O error) stays for a later build.
        var handled: [String] = []
        var migrated = 0
        try packs.compact { add in
            for folder in legacyFolders {
                for name in legacyEntries(in: folder) {
                    let file = path + "/" + folder + "/" + name
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    handled.append(file)
                    guard case .hit(let payload) = Self.verify([UInt8](data)) else { continue }
                    try add(String(name.dropLast(4)), [UInt8](payload))
                    migrated += 1
                }
            }
        }
        for file in handled { unlink(file) }
        for folder in legacyFolders {
            // And the temporaries a killed build of that layout left (`.HASH.blr.PID.N.tmp`).
            let folderPath = path + "/" + folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? [] where name.hasSuffix(".tmp") {
                unlink(folderPath + "/" + name)
            }
            rmdir(folderPath)
        }
        legacy.present.withLock { $0 = nil }
        let after = packs.usage()
        return Maintenance(
            packsBefore: before.packs, packsAfter: after.packs, bytesBefore: before.bytes, bytesAfter: after.bytes, migrated: migrated)
    }

    /// The entry files (`HASH.blr`) of a folder of the previous layout.
    private func legacyEntries(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + folder)) ?? []).filter { $0.hasSuffix(".blr") }
    }

    private func legacyFolderNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
            .sorted()
    }
}
