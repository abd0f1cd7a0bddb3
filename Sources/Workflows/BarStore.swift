import Dispatch
import Engine
import Foundation
import Storage
import Synchronization

/// The parsed columns of data files, kept in the cache folder (`bars/<fingerprint>.bars`) so that
/// a build that needs a file's bars again reads six columns instead of parsing its text.
///
/// Keyed by the file's content fingerprint (its SHA-256, which `DataFingerprints` memoises by
/// path, size, mtime and inode; for a large synthetic source, a digest of its parameters and the
/// engine version), so any change of the file is a new key, and a store is never taken for
/// another file. Verified when opened: its magic, format version, key, bar count and size, and
/// the XXH64 checksum of each column (damage, not forgery, is what a checksum here must catch: it
/// runs at memory speed, where SHA-256 cost 50 ms of a 3,000,000-bar store's 120 ms); a store that
/// fails is reported, made again and replaced, never trusted. Written atomically (a temporary
/// file renamed over the name), so two builds making the same store at once leave one whole store.
///
/// Layout, little-endian: `BLB1`, the format version (u32), the bar count (u64), the key (64 hex
/// digits), the XXH64 of each column (6 × u64), zero padding to 320 bytes; then the
/// columns, 8 bytes a bar each: time (Int64 ms), open, high, low, close, volume (Double bits).
public struct BarStore: Sendable {
    /// Bumped whenever the layout or the parse changes, so older stores are rebuilt.
    public static let version: UInt32 = 2
    static let magic = Array("BLB1".utf8)
    static let headerSize = 320
    static let columns = 6
    /// The fewest bars a synthetic source needs to get a store (100,000 take 25 ms to generate).
    public static let syntheticMinimum = 100_000

    /// `CACHE/bars`.
    public let folder: URL
    /// False for `plan`, which changes nothing: stores are read, never written.
    public let writable: Bool
    /// The stores being written in the background (shared by every copy of this store).
    private let writes = BackgroundWrites()

    /// The stores of the cache folder `cache`.
    public init(cache: URL, writable: Bool = true) {
        folder = cache.appendingPathComponent("bars")
        self.writable = writable
    }

    /// What opening a store found.
    public enum Loaded: Sendable {
        /// The bars, verified.
        case bars(BarSeries)
        /// No store for that key.
        case missing
        /// A store that failed verification, and why.
        case damaged(String)
    }

    /// The store file of a key.
    public func url(for key: String) -> URL { folder.appendingPathComponent("\(key).bars") }

    /// Reads and verifies the store of `key`.
    public func load(key: String) -> Loaded {
        // A store of this key still being written in the background is waited for.
        if writes.pending.withLock({ $0.contains(key) }) { writes.group.wait() }
        let path = url(for: key).path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return errno == ENOENT ? .missing : .damaged("cannot open it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .damaged("not a regular file") }
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        guard Self.readAll(descriptor, into: &header, at: 0) else { return .damaged("shorter than its header") }
        guard Array(header[0..<4]) == Self.magic else { return .damaged("not a bar store") }
        let version = PackRecord.readLittleEndian(header[4..<8])
        guard version == UInt64(Self.version) else { return .damaged("format version \(version), this backlab writes \(Self.version)") }
        let count = Int(clamping: PackRecord.readLittleEndian(header[8..<16]))
        guard String(decoding: header[16..<80], as: UTF8.self) == key else { return .damaged("made for other data") }
        guard let size = Self.fileSize(count: count), Int64(info.st_size) == Int64(size) else {
            return .damaged(
                "\(info.st_size) bytes, \(Self.fileSize(count: count).map(String.init) ?? "more") expected for \(count) bars (truncated?)")
        }
        // Each column read straight into its array (no zero fill, no second copy) and hashed, the
        // columns spread over the cores.
        let expected = (0..<Self.columns).map { PackRecord.readLittleEndian(header[(80 + 8 * $0)..<(88 + 8 * $0)]) }
        let time = Mutex<[Int64]?>(nil)
        let values = Mutex([[Double]?](repeating: nil, count: Self.columns - 1))
        let problems = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: Self.columns) { column in
            let offset = Self.headerSize + column * count * 8
            let check = { (read: Bool, digest: UInt64) -> Bool in
                guard read else {
                    problems.withLock { $0.append("cannot read its columns") }
                    return false
                }
                guard digest == expected[column] else {
                    problems.withLock { $0.append("a column's checksum does not match (the file was changed or damaged)") }
                    return false
                }
                return true
            }
            if column == 0 {
                let read = Self.readColumn(Int64.self, descriptor, count: count, at: offset)
                if check(read.read, read.digest) { time.withLock { $0 = read.values } }
            } else {
                let read = Self.readColumn(Double.self, descriptor, count: count, at: offset)
                if check(read.read, read.digest) { values.withLock { $0[column - 1] = read.values } }
            }
        }
        if let problem = problems.withLock({ $0.sorted().first }) { return .damaged(problem) }
        let columns = values.withLock { $0.map { $0 ?? [] } }
        return .bars(
            BarSeries(
                time: time.withLock { $0 ?? [] }, open: columns[0], high: columns[1], low: columns[2], close: columns[3],
                volume: columns[4]))
    }

    /// Removes the store of `key`, if there is one (not for `plan`, which changes nothing).
    public func remove(key: String) {
        guard writable, key.utf8.count == 64, key.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return
        }
        unlink(url(for: key).path)
    }

    /// Whether a store of `key` for `count` bars is in place (by its size; `load` verifies it).
    public func holds(key: String, count: Int) -> Bool {
        var info = stat()
        return stat(url(for: key).path, &info) == 0 && Self.fileSize(count: count).map(Int64.init) == Int64(info.st_size)
    }

    /// The size of a store of `count` bars; nil when it overflows.
    static func fileSize(count: Int) -> Int? {
        let (columns, overflow) = count.multipliedReportingOverflow(by: 8 * Self.columns)
        let (size, past) = columns.addingReportingOverflow(Self.headerSize)
        return overflow || past ? nil : size
    }

    /// Writes the store of `key` (a temporary file renamed into place).
    public func save(_ bars: BarSeries, key: String) throws {
        guard writable else { return }
        precondition(key.utf8.count == 64, "a store's key is a SHA-256 in hex")
        try AtomicFile.createFolder(folder)
        let values = [bars.open, bars.high, bars.low, bars.close, bars.volume]
        var header = Self.magic
        header += PackRecord.littleEndian(UInt64(Self.version)).prefix(4)
        header += PackRecord.littleEndian(UInt64(bars.count))
        header += Array(key.utf8)
        for digest in Self.digests(time: bars.time, values: values) { header += PackRecord.littleEndian(digest) }
        header += [UInt8](repeating: 0, count: Self.headerSize - header.count)
        try AtomicFile.write(to: url(for: key)) { descriptor in
            if let failure = header.withUnsafeBytes({ AtomicFile.writeAll(descriptor, $0) }) { return failure }
            if let failure = bars.time.withUnsafeBytes({ AtomicFile.writeAll(descriptor, $0) }) { return failure }
            for column in values {
                if let failure = column.withUnsafeBytes({ AtomicFile.writeAll(descriptor, $0) }) { return failure }
            }
            return nil
        }
    }

    /// Writes the store of `key` on a thread of its own, one store at a time, so a first build
    /// does not wait for 144 MB of a 3,000,000-bar store to be written before it runs;
    /// `finishWrites` waits for them. `shown` names the data in a failure's warning.
    public func saveLater(_ bars: BarSeries, key: String, shown: String) {
        guard writable else { return }
        writes.group.enter()
        writes.pending.withLock { _ = $0.insert(key) }
        writes.queue.async { [self] in
            defer { writes.pending.withLock { _ = $0.remove(key) } }
            do {
                try save(bars, key: key)
            } catch {
                writes.failures.withLock {
                    $0.append("\(shown): cannot write its bar store (\(error)); the next build reads it again")
                }
            }
            writes.group.leave()
        }
    }

    /// Waits for the stores being written; the warnings of those that could not be.
    public func finishWrites() -> [String] {
        writes.group.wait()
        return writes.failures.withLock { failures in
            defer { failures.removeAll() }
            return failures
        }
    }

    /// The XXH64 of each column's bytes, the columns spread over the cores.
    static func digests(time: [Int64], values: [[Double]]) -> [UInt64] {
        let results = Mutex([UInt64](repeating: 0, count: columns))
        DispatchQueue.concurrentPerform(iterations: columns) { column in
            let digest =
                column == 0
                ? time.withUnsafeBytes { XXHash64.hash($0) } : values[column - 1].withUnsafeBytes { XXHash64.hash($0) }
            results.withLock { $0[column] = digest }
        }
        return results.withLock { $0 }
    }

    /// `count` values read at `offset` straight into a new array, with the XXH64 of their bytes.
    static func readColumn<T>(_: T.Type, _ descriptor: Int32, count: Int, at offset: Int) -> (values: [T], read: Bool, digest: UInt64) {
        var read = false
        var digest: UInt64 = 0
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            read = Self.readAll(descriptor, into: raw, at: offset)
            if read { digest = XXHash64.hash(UnsafeRawBufferPointer(raw)) }
            initialized = read ? count : 0
        }
        return (values, read, digest)
    }

    static func readAll(_ descriptor: Int32, into buffer: inout [UInt8], at offset: Int) -> Bool {
        buffer.withUnsafeMutableBytes { readAll(descriptor, into: $0, at: offset) }
    }

    static func readAll(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return true
    }
}

/// Stores being written in the background, and the failures among them.
private final class BackgroundWrites: Sendable {
    let queue = DispatchQueue(label: "backlab.bar-store-writes")
    let group = DispatchGroup()
    let failures = Mutex<[String]>([])
    /// The keys being written.
    let pending = Mutex<Set<String>>([])
}
