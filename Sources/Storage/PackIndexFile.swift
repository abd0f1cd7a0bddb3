import Foundation

/// The index of one pack (`NAME.index` beside `NAME.pack`), written when its writer closes the
/// pack or by a compaction, so opening a cache reads one small file per pack instead of every
/// record's header.
///
/// Layout: the magic `BLI1`, the pack bytes it covers (8 bytes), the entry count (8 bytes), each
/// entry (key length, key, record offset and payload length, 8 bytes each, and the first 8 bytes
/// of the payload's checksum), then the SHA-256 of all of that. An index that fails its checksum,
/// or covers more than the pack holds, is ignored and the pack is read record by record.
public enum PackIndexFile {
    static let magic: [UInt8] = Array("BLI1".utf8)

    public struct Entry: Equatable, Sendable {
        public let key: String
        public let offset: Int
        public let payloadLength: Int
        public let checksum: UInt64
    }

    static func encode(covered: Int, entries: [Entry]) -> [UInt8] {
        var bytes = magic
        bytes += PackRecord.littleEndian(UInt64(covered))
        bytes += PackRecord.littleEndian(UInt64(entries.count))
        for entry in entries {
            let key = Array(entry.key.utf8)
            bytes.append(UInt8(key.count))
            bytes += key
            bytes += PackRecord.littleEndian(UInt64(entry.offset))
            bytes += PackRecord.littleEndian(UInt64(entry.payloadLength))
            bytes += PackRecord.littleEndian(entry.checksum)
        }
        bytes += SHA256Digest.bytes(bytes)
        return bytes
    }

    /// The bytes covered and the entries; nil when `bytes` are not a whole, unaltered index.
    public static func decode(_ bytes: [UInt8]) -> (covered: Int, entries: [Entry])? {
        guard bytes.count >= 4 + 16 + 32, bytes[0..<4].elementsEqual(magic) else { return nil }
        let body = bytes[..<(bytes.count - 32)]
        guard SHA256Digest.bytes(Array(body)) == Array(bytes[(bytes.count - 32)...]) else { return nil }
        let covered = PackRecord.readLittleEndian(body[4...])
        let count = PackRecord.readLittleEndian(body[12...])
        // Each entry takes 25 bytes at least: a count the bytes cannot hold is not an index.
        guard covered <= UInt64(Int.max / 2), count <= UInt64(body.count / 25) else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(Int(count))
        var at = 20
        for _ in 0..<Int(count) {
            guard at < body.count else { return nil }
            let keyLength = Int(body[at])
            guard at + 1 + keyLength + 24 <= body.count,
                let key = String(validating: body[(at + 1)..<(at + 1 + keyLength)], as: UTF8.self)
            else { return nil }
            at += 1 + keyLength
            let offset = PackRecord.readLittleEndian(body[at...])
            let length = PackRecord.readLittleEndian(body[(at + 8)...])
            let checksum = PackRecord.readLittleEndian(body[(at + 16)...])
            // The whole record must lie inside what the index covers: no entry can make a reader
            // read past the pack, or allocate more than it holds.
            guard offset <= covered, length <= covered,
                offset + UInt64(PackRecord.headerSize(keyBytes: keyLength)) + length <= covered
            else { return nil }
            entries.append(Entry(key: key, offset: Int(offset), payloadLength: Int(length), checksum: checksum))
            at += 24
        }
        guard at == body.count else { return nil }
        return (Int(covered), entries)
    }
}
