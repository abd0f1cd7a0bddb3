import Foundation
import Study

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

    /// A cache in `directory` (created on first write).
    public init(directory: URL) { self.directory = directory }

    /// The file of a hash.
    public func url(for hash: String) -> URL {
        directory.appendingPathComponent(String(hash.prefix(2))).appendingPathComponent(hash + ".blr")
    }

    /// Whether an entry exists (not verified: reading verifies).
    public func contains(_ hash: String) -> Bool {
        FileManager.default.fileExists(atPath: url(for: hash).path)
    }

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
        guard let data = FileManager.default.contents(atPath: url(for: hash).path) else { return .miss }
        let bytes = [UInt8](data)
        guard bytes.count >= Self.headerSize, Array(bytes[0..<4]) == Self.magic else {
            return .corrupt("not a Backlab cache entry (\(bytes.count) bytes)")
        }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[4 + i]) << (8 * UInt64(i)) }
        guard UInt64(bytes.count - Self.headerSize) == length else {
            return .corrupt("truncated: \(bytes.count - Self.headerSize) of \(length) payload bytes")
        }
        let payload = Array(bytes[Self.headerSize...])
        guard SHA256Digest.bytes(payload) == Array(bytes[12..<44]) else { return .corrupt("checksum mismatch") }
        return .hit(Data(payload))
    }

    /// Writes the entry of `hash` atomically; concurrent writers of the same hash are harmless
    /// (identical content, last rename wins).
    public func write(_ hash: String, payload: Data) throws {
        let target = url(for: hash)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
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

    /// Removes an entry (after it failed verification).
    public func remove(_ hash: String) {
        try? FileManager.default.removeItem(at: url(for: hash))
    }
}

/// Writing files so that readers see the old content or the new, never a part.
public enum AtomicFile {
    /// Writes `data` to a unique temporary file beside `url`, then renames it over `url`.
    ///
    /// The rename makes the write atomic for every reader and against a killed process. There is
    /// deliberately no fsync: it serialised parallel workers on the file system's journal (a third
    /// of a grid's time), and a file damaged by a power loss fails verification and is recomputed.
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp")
        // Plain POSIX calls: FileManager.createFile fsyncs every file.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        let complete = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
        close(descriptor)
        guard complete else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: url.path])
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)])
        }
    }

    /// Writes only when the content differs, so unchanged files keep their bytes and mtime.
    /// Returns whether the file was written.
    @discardableResult
    public static func writeIfChanged(_ data: Data, to url: URL) throws -> Bool {
        if let existing = FileManager.default.contents(atPath: url.path), existing == data { return false }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try write(data, to: url)
        return true
    }
}
