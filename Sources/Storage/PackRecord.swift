import Foundation

/// One record of a pack file: the magic `BLP1`, the key's length (1 byte) and its UTF-8 bytes,
/// the payload's length (8 bytes, little-endian), the payload's SHA-256 (32 bytes), the payload.
///
/// A record is verified on its own when read (key, length and checksum), so a torn or altered
/// record is never taken for a result, whatever is around it.
public enum PackRecord {
    static let magic: [UInt8] = Array("BLP1".utf8)
    /// The longest key a record holds (its length is one byte).
    public static let maxKeyBytes = 255
    /// Bytes of the longest header: enough to parse any header from one read.
    static let maxHeaderSize = headerSize(keyBytes: maxKeyBytes)

    /// Bytes of the header of a record whose key has `keyBytes` bytes.
    static func headerSize(keyBytes: Int) -> Int { 4 + 1 + keyBytes + 8 + 32 }

    /// A record's header as read from a pack.
    struct Header {
        let key: String
        let payloadLength: Int
        let checksum: [UInt8]
        /// Bytes of the header: the payload starts this far from the record's start.
        let size: Int
    }

    /// The bytes of the record of `key` and `payload`, and the payload's checksum.
    static func encode(key: String, payload: [UInt8]) -> (bytes: [UInt8], checksum: [UInt8]) {
        let keyBytes = Array(key.utf8)
        precondition(keyBytes.count <= maxKeyBytes, "a pack key has at most \(maxKeyBytes) bytes")
        let checksum = SHA256Digest.bytes(payload)
        var bytes = magic
        bytes.reserveCapacity(headerSize(keyBytes: keyBytes.count) + payload.count)
        bytes.append(UInt8(keyBytes.count))
        bytes += keyBytes
        bytes += littleEndian(UInt64(payload.count))
        bytes += checksum
        bytes += payload
        return (bytes, checksum)
    }

    /// The header at the start of `bytes`; nil when they are not a whole header (a torn tail, or
    /// not a record at all).
    static func header(_ bytes: ArraySlice<UInt8>) -> Header? {
        let start = bytes.startIndex
        guard bytes.count >= 5, bytes[start..<start + 4].elementsEqual(magic) else { return nil }
        let keyLength = Int(bytes[start + 4])
        let size = headerSize(keyBytes: keyLength)
        guard bytes.count >= size else { return nil }
        let keyStart = start + 5
        guard let key = String(validating: bytes[keyStart..<keyStart + keyLength], as: UTF8.self) else { return nil }
        let length = readLittleEndian(bytes[(keyStart + keyLength)...])
        guard length <= UInt64(Int.max / 2) else { return nil }
        let sumStart = keyStart + keyLength + 8
        return Header(key: key, payloadLength: Int(length), checksum: Array(bytes[sumStart..<sumStart + 32]), size: size)
    }

    /// What reading a record found.
    public enum Verified: Equatable, Sendable {
        /// The payload.
        case payload([UInt8])
        /// Why the bytes are not the record of the key asked for.
        case damaged(String)
    }

    /// `bytes` (a whole record, read from where the index says the record of `key` is) checked
    /// and unwrapped.
    static func verify(_ bytes: [UInt8], key: String) -> Verified {
        guard let header = header(bytes[...]) else { return .damaged("not a pack record (\(bytes.count) bytes)") }
        guard header.key == key else { return .damaged("the record there is of another key") }
        let have = bytes.count - header.size
        guard have == header.payloadLength else { return .damaged("truncated: \(have) of \(header.payloadLength) payload bytes") }
        let payload = Array(bytes[header.size...])
        guard SHA256Digest.bytes(payload) == header.checksum else { return .damaged("checksum mismatch") }
        return .payload(payload)
    }

    /// Every whole, verified record at the start of `bytes` (a pack's content), in order, and
    /// where the whole records end: what a reader of a pack without an index finds. For the fuzzer.
    public static func records(in bytes: [UInt8]) -> (records: [(key: String, payload: [UInt8])], end: Int) {
        var found: [(key: String, payload: [UInt8])] = []
        var at = 0
        while at < bytes.count, let header = header(bytes[at...]), header.payloadLength <= bytes.count - at - header.size {
            let record = Array(bytes[at..<(at + header.size + header.payloadLength)])
            if case .payload(let payload) = verify(record, key: header.key) { found.append((header.key, payload)) }
            at += header.size + header.payloadLength
        }
        return (found, at)
    }

    public static func littleEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }

    /// The first 8 bytes of `bytes` (fewer if there are fewer) as a little-endian number.
    public static func readLittleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for (i, byte) in bytes.prefix(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
        return value
    }
}
