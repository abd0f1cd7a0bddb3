import Foundation

/// Appends compact binary values: LEB128 varints, zigzag for signed, little-endian doubles.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func varint(_ value: Int) { varint(UInt64(max(0, value))) }

    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func double(_ value: Double) {
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    mutating func float(_ value: Float) {
        var bits = value.bitPattern
        for _ in 0..<4 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        varint(utf8.count)
        bytes += utf8
    }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and throws on malformed input.
struct ByteReader {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var position = 0

    init(_ data: Data) { bytes = [UInt8](data) }

    var isAtEnd: Bool { position == bytes.count }

    /// The bytes not read yet.
    var remaining: Int { bytes.count - position }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw Malformed() }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Malformed() }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    /// A varint that must be a count no larger than `limit`.
    mutating func count(limit: Int = 100_000_000) throws -> Int {
        let value = try varint()
        guard value <= UInt64(limit) else { throw Malformed() }
        return Int(value)
    }

    /// A count of elements that take at least `size` bytes each: no more than the bytes left can
    /// hold, so a damaged count cannot make the reader allocate gigabytes (found by the fuzzer).
    mutating func elements(ofAtLeast size: Int) throws -> Int {
        let value = try varint()
        guard value <= UInt64((bytes.count - position) / size) else { throw Malformed() }
        return Int(value)
    }

    /// `base` plus a signed difference, throwing instead of trapping when it overflows.
    mutating func signed(after base: Int64) throws -> Int64 {
        let (sum, overflow) = base.addingReportingOverflow(try signed())
        guard !overflow else { throw Malformed() }
        return sum
    }

    /// `base` plus an unsigned difference, as an index; throws when it leaves Int.
    mutating func index(after base: Int) throws -> Int {
        let step = try varint()
        guard step <= UInt64(Int.max) else { throw Malformed() }
        let (sum, overflow) = base.addingReportingOverflow(Int(step))
        guard !overflow else { throw Malformed() }
        return sum
    }

    mutating func signed() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func double() throws -> Double {
        guard position + 8 <= bytes.count else { throw Malformed() }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: bits)
    }

    mutating func float() throws -> Float {
        guard position + 4 <= bytes.count else { throw Malformed() }
        var bits: UInt32 = 0
        for i in 0..<4 { bits |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return Float(bitPattern: bits)
    }

    mutating func string() throws -> String {
        // The length is checked against what is left after it: the limit taken before reading
        // it let a length run past the end by its own size (found by the fuzzer).
        let written = try varint()
        guard written <= UInt64(bytes.count - position) else { throw Malformed() }
        let length = Int(written)
        defer { position += length }
        return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
    }
}
