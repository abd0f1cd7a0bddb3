import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One pack file being appended to, by one thread at a time (`PackStore` hands each writing thread
/// a writer of its own, so writers never wait for each other or for a folder's inode).
///
/// The pack is created (O_EXCL) and only ever appended to by this writer; a record is one
/// `write` of its whole bytes. If a write fails, the pack is cut back to its last whole record and
/// the writer retires. Closing writes the pack's index.
final class PackWriter: Sendable {
    /// The pack's path (`.../NAME.pack`).
    let path: String
    /// The pack's number in its store.
    let number: Int

    private struct State {
        var descriptor: Int32
        var size = 0
        var entries: [PackIndexFile.Entry] = []
        var retired = false
    }

    private let state: Mutex<State>

    private init(path: String, number: Int, descriptor: Int32) {
        self.path = path
        self.number = number
        state = Mutex(State(descriptor: descriptor))
    }

    /// A new, empty pack at `path`.
    static func create(path: String, number: Int) throws -> PackWriter {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: path, code: errno) }
        return PackWriter(path: path, number: number, descriptor: descriptor)
    }

    /// Whether a failed write retired the writer (its pack takes no more records).
    var retired: Bool { state.withLock { $0.retired } }

    /// A fault-injection seam for the kill test (scripts/stress/kill_during_writes.py): with
    /// `BACKLAB_TEST_PACK_CHUNK=N` set, records are written N bytes at a time with a millisecond
    /// between, so a kill lands in the middle of a record; unset, a record is one write.
    static let testChunk: Int? = ProcessInfo.processInfo.environment["BACKLAB_TEST_PACK_CHUNK"].flatMap(Int.init).flatMap {
        $0 > 0 ? $0 : nil
    }

    /// Appends the record of `key`; returns where it is. A failure leaves the pack as it was.
    func append(key: String, payload: [UInt8]) throws -> PackIndexFile.Entry {
        let (bytes, checksum) = PackRecord.encode(key: key, payload: payload)
        return try state.withLock { state in
            let failure = bytes.withUnsafeBytes {
                AtomicFile.writeAll(state.descriptor, $0, chunk: Self.testChunk, pause: Self.testChunk == nil ? 0 : 1000)
            }
            if let failure {
                // A part of the record may be there: cut it off, so the pack ends with a whole
                // record (if even that fails, readers stop at the torn record), and retire.
                if ftruncate(state.descriptor, off_t(state.size)) != 0 { state.entries = [] }
                Self.finish(&state, path: path)
                throw FileWriteError(path: path, code: failure)
            }
            let entry = PackIndexFile.Entry(
                key: key, offset: state.size, payloadLength: payload.count,
                checksum: PackRecord.readLittleEndian(checksum[...]))
            state.size += bytes.count
            state.entries.append(entry)
            return entry
        }
    }

    /// Forces the pack's bytes to the disk (a compaction does, before it removes the packs it
    /// replaces); false when the system says it could not.
    func sync() -> Bool { state.withLock { $0.descriptor >= 0 && fsync($0.descriptor) == 0 } }

    /// Closes the pack and writes its index beside it; the writer takes no more records. False
    /// when the close reported an error (a delayed write that failed on NFS, a quota) or the
    /// index could not be written: the pack is then read record by record.
    @discardableResult
    func close() -> Bool { state.withLock { Self.finish(&$0, path: path) } }

    @discardableResult
    private static func finish(_ state: inout State, path: String) -> Bool {
        state.retired = true
        guard state.descriptor >= 0 else { return false }
        let closed = Glibc.close(state.descriptor) == 0
        state.descriptor = -1
        if state.entries.isEmpty {
            if state.size == 0 { unlink(path) }
            return closed
        }
        guard closed else { return false }
        do {
            try AtomicFile.write(
                Data(PackIndexFile.encode(covered: state.size, entries: state.entries)), to: URL(fileURLWithPath: indexPath(of: path)))
            return true
        } catch {
            return false
        }
    }

    deinit { close() }

    /// The index file of the pack at `path`.
    static func indexPath(of path: String) -> String { String(path.dropLast(".pack".count)) + ".index" }
}
