import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A key-value store of verified records in append-only pack files, shared by any number of
/// processes on one file system (DESIGN section 7).
///
/// - Each process writes only packs it created (`FOLDER/TIME-HOST-PID-N-NONCE.pack`), one per thread
///   that writes at the same time, so writers share no file and create no file per record.
/// - A record is verified when read (`PackRecord`): a torn tail (a killed writer) or an altered
///   byte is never taken for a value; it reads as missing or damaged, and is written again.
/// - Opening reads each pack's index (`PackIndexFile`) when it has a valid one, and the headers of
///   the records it does not cover (a pack still being written, or whose writer was killed).
/// - The newest record of a key wins (packs are named in creation order); older ones are kept as
///   fallbacks until a compaction rewrites the live records into one pack.
public final class PackStore: Sendable {
    /// The folder of the packs.
    public let folder: URL
    private let path: String

    /// Where a record is.
    struct Location {
        let pack: Int
        let offset: Int
        let headerSize: Int
        let payloadLength: Int
        let checksum: UInt64
        var size: Int { headerSize + payloadLength }
    }

    private struct Contents {
        var packs: [String] = []
        var newest: [String: Location] = [:]
        var older: [String: [Location]] = [:]
        /// Bytes of every pack, and of those no key reads (superseded records, torn tails).
        var bytes = 0
        var deadBytes = 0
        /// The creation time (ns) in the newest pack's name: a new pack is named after it, even
        /// on a machine whose clock is behind, so that its records win.
        var latestTime: UInt64 = 0

        mutating func add(_ key: String, _ location: Location) {
            bytes += location.size
            if let previous = newest.updateValue(location, forKey: key) {
                older[key, default: []].append(previous)
                deadBytes += previous.size
            }
        }
    }

    private let contents = Mutex<Contents?>(nil)
    private let writers = Mutex((free: [PackWriter](), all: [PackWriter](), made: 0))
    /// The error of a write that failed for want of room or rights (ENOSPC, EDQUOT, EROFS,
    /// EACCES): until `finishWrites`, later writes fail with it at once instead of each creating
    /// a pack that fails too.
    private let stopped = Mutex<FileWriteError?>(nil)

    /// A store in `folder` (read when first used, created on first write).
    public init(folder: URL) {
        self.folder = folder
        path = folder.path
    }

    // MARK: Reading

    /// What reading a key found.
    public enum Lookup: Equatable, Sendable {
        case payload([UInt8])
        case missing
        /// Every record of the key failed verification: why the newest did.
        case damaged(String)
    }

    /// The verified payload of `key`: the newest record that verifies.
    public func read(_ key: String) -> Lookup {
        let (locations, packs) = withContents { c in
            ((c.newest[key].map { [$0] } ?? []) + (c.older[key] ?? []).reversed(), c.packs)
        }
        var firstProblem: String?
        for location in locations {
            switch Self.readRecord(packs[location.pack], location, key: key) {
            case .payload(let bytes): return .payload(bytes)
            case .damaged(let why): firstProblem = firstProblem ?? why
            }
        }
        return firstProblem.map(Lookup.damaged) ?? .missing
    }

    /// The first 8 bytes of the checksum of `key`'s newest record, as read from its header or
    /// index (nothing is verified); nil when there is none.
    public func checksum(_ key: String) -> UInt64? { withContents { $0.newest[key]?.checksum } }

    /// Every key with a record.
    public func keys() -> [String] { withContents { Array($0.newest.keys) } }

    /// The packs, the bytes in them, and the bytes no key reads.
    public func usage() -> (packs: Int, bytes: Int, deadBytes: Int) {
        withContents { c in (c.packs.filter { !$0.isEmpty }.count, c.bytes, c.deadBytes) }
    }

    /// Where `key`'s newest record is: the pack's path, and the record's offset and size.
    public func location(_ key: String) -> (pack: String, offset: Int, size: Int)? {
        withContents { c in c.newest[key].map { (c.packs[$0.pack], $0.offset, $0.size) } }
    }

    private func withContents<T>(_ body: (inout Contents) -> T) -> T {
        contents.withLock { contents in
            if contents == nil { contents = Self.load(path) }
            return body(&contents!)
        }
    }

    private static func readRecord(_ pack: String, _ location: Location, key: String) -> PackRecord.Verified {
        let descriptor = open(pack, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .damaged("cannot read \(pack): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard let bytes = readBytes(descriptor, at: location.offset, count: location.size) else {
            return .damaged("cannot read \(pack): \(String(cString: strerror(errno)))")
        }
        return PackRecord.verify(bytes, key: key)
    }

    /// Up to `count` bytes at `offset` (fewer at the end of the file); nil on a read error.
    private static func readBytes(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        let failed = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while done < count {
                let got = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if got < 0 && errno == EINTR { continue }
                if got < 0 { return true }
                if got == 0 { break }
                done += got
            }
            return false
        }
        if failed { return nil }
        bytes.removeLast(count - done)
        return bytes
    }

    // MARK: Opening

    /// The packs of `folder` and where each key's records are.
    private static func load(_ folder: String) -> Contents {
        var contents = Contents()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".pack") }.sorted()
        for name in names {
            let pack = folder + "/" + name
            let descriptor = open(pack, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let size = Int(info.st_size)
            let number = contents.packs.count
            contents.packs.append(pack)
            contents.latestTime = max(contents.latestTime, UInt64(name.prefix(16), radix: 16) ?? 0)
            var scanned = 0
            if let data = FileManager.default.contents(atPath: PackWriter.indexPath(of: pack)),
                let index = PackIndexFile.decode([UInt8](data)), index.covered <= size
            {
                for entry in index.entries {
                    let location = Location(
                        pack: number, offset: entry.offset, headerSize: PackRecord.headerSize(keyBytes: entry.key.utf8.count),
                        payloadLength: entry.payloadLength, checksum: entry.checksum)
                    contents.add(entry.key, location)
                }
                scanned = index.covered
            }
            scan(descriptor, number: number, from: scanned, size: size, into: &contents)
        }
        return contents
    }

    /// Reads the headers of the records from `offset` to `size`; what follows the last whole
    /// record (a torn tail) is counted as dead.
    private static func scan(_ descriptor: Int32, number: Int, from offset: Int, size: Int, into contents: inout Contents) {
        var at = offset
        while at < size {
            guard let head = readBytes(descriptor, at: at, count: min(PackRecord.maxHeaderSize, size - at)),
                let header = PackRecord.header(head[...]), header.payloadLength <= size - at - header.size
            else { break }
            contents.add(
                header.key,
                Location(
                    pack: number, offset: at, headerSize: header.size, payloadLength: header.payloadLength,
                    checksum: PackRecord.readLittleEndian(header.checksum[...])))
            at += header.size + header.payloadLength
        }
        contents.bytes += size - at
        contents.deadBytes += size - at
    }

    // MARK: Writing

    /// Appends the record of `key` to a pack of this process (never waiting for another writer).
    public func write(_ key: String, payload: [UInt8]) throws {
        if let stopped = stopped.withLock({ $0 }) { throw stopped }
        let writer = try takeWriter()
        defer { if !writer.retired { writers.withLock { $0.free.append(writer) } } }
        let entry: PackIndexFile.Entry
        do {
            entry = try writer.append(key: key, payload: payload)
        } catch let error as FileWriteError {
            if [ENOSPC, EDQUOT, EROFS, EACCES, EPERM].contains(error.code) { stopped.withLock { $0 = $0 ?? error } }
            throw error
        }
        withContents { c in
            c.add(
                key,
                Location(
                    pack: writer.number, offset: entry.offset, headerSize: PackRecord.headerSize(keyBytes: key.utf8.count),
                    payloadLength: entry.payloadLength, checksum: entry.checksum))
        }
    }

    private func takeWriter() throws -> PackWriter {
        if let free = writers.withLock({ $0.free.popLast() }) { return free }
        let writer = try newPack()
        writers.withLock { $0.all.append(writer) }
        return writer
    }

    /// A new pack of this process, numbered in `contents`.
    private func newPack() throws -> PackWriter {
        try AtomicFile.createFolder(folder)
        let made = writers.withLock { w -> Int in
            w.made += 1
            return w.made
        }
        let (number, name) = withContents { c -> (Int, String) in
            c.packs.append("")
            let (name, time) = Self.packName(sequence: made, after: c.latestTime)
            c.latestTime = time
            return (c.packs.count - 1, name)
        }
        let writer = try PackWriter.create(path: path + "/" + name, number: number)
        withContents { $0.packs[number] = writer.path }
        return writer
    }

    /// `TIME-HOST-PID-N-NONCE.pack`: sorted by name, packs are in creation order (TIME is hex
    /// nanoseconds), and no two writers on any machines pick the same name (O_EXCL makes sure).
    static func packName(sequence: Int, after latest: UInt64) -> (name: String, time: UInt64) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = max(UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec), latest &+ 1)
        let time = String(nanoseconds, radix: 16)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? String($0) : "_" }.joined()
        let nonce = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return (
            String(repeating: "0", count: max(0, 16 - time.count)) + time + "-\(hostName)-\(getpid())-\(sequence)-\(nonce).pack",
            nanoseconds
        )
    }

    /// Closes this process's packs and writes their indexes; later writes start new packs.
    public func finishWrites() {
        let all = writers.withLock { w -> [PackWriter] in
            defer { w = (free: [], all: [], made: w.made) }
            return w.all
        }
        for writer in all { writer.close() }
        stopped.withLock { $0 = nil }
    }

    // MARK: Compaction

    /// Rewrites the newest verified record of every key (without `dropping`), and `adding`, into
    /// one new pack with its index, then removes every other pack. The caller holds the store
    /// alone (no other process reads or writes it), so the packs are read again first: records
    /// another process appended since this one first read them are kept too. The new pack is
    /// forced to the disk before any old one goes; a failure removes it and leaves the old packs.
    /// `adding` is called with a function that adds one more record (for records from elsewhere,
    /// such as an older cache layout); a key of the store wins over an added one. Returns the
    /// keys kept.
    @discardableResult
    public func compact(
        dropping: Set<String> = [], adding: ((_ add: (String, [UInt8]) throws -> Void) throws -> Void)? = nil
    ) throws -> Int {
        finishWrites()
        contents.withLock { $0 = nil }
        let (keys, oldPacks) = withContents { c in (c.newest.keys.sorted(), c.packs.filter { !$0.isEmpty }) }
        let writer = try newPack()
        var written = Set<String>()
        do {
            for key in keys where !dropping.contains(key) {
                guard case .payload(let payload) = read(key) else { continue }
                _ = try writer.append(key: key, payload: payload)
                written.insert(key)
            }
            try adding? { key, payload in
                guard !dropping.contains(key), written.insert(key).inserted else { return }
                _ = try writer.append(key: key, payload: payload)
            }
            guard writer.sync(), writer.close() else { throw FileWriteError(path: writer.path, code: EIO) }
        } catch {
            writer.close()
            unlink(PackWriter.indexPath(of: writer.path))
            unlink(writer.path)
            contents.withLock { $0 = nil }
            throw error
        }
        for pack in oldPacks {
            unlink(PackWriter.indexPath(of: pack))
            unlink(pack)
        }
        // And the temporaries of indexes whose writers were killed while writing them.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where name.hasSuffix(".tmp") {
            unlink(path + "/" + name)
        }
        contents.withLock { $0 = nil }
        return written.count
    }
}
