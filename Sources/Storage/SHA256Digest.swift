import COpenSSL
import Foundation

/// SHA-256 from the system's libcrypto.
public enum SHA256Digest {
    /// The 32-byte digest.
    public static func bytes(_ input: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        input.withUnsafeBufferPointer { buffer in
            _ = SHA256(buffer.baseAddress, buffer.count, &digest)
        }
        return digest
    }

    /// The 32-byte digest of raw memory (a column of numbers, without copying it).
    public static func bytes(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = SHA256(input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, &digest)
        return digest
    }

    /// The digest as 64 lowercase hex digits.
    public static func hex(_ input: [UInt8]) -> String { hexText(bytes(input)) }

    /// The digest of raw memory as 64 lowercase hex digits.
    public static func hex(_ input: UnsafeRawBufferPointer) -> String { hexText(bytes(input)) }

    /// Bytes as lowercase hex digits, two a byte.
    static func hexText(_ digest: [UInt8]) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digest of data as 64 lowercase hex digits.
    public static func hex(_ data: Data) -> String { hex([UInt8](data)) }
}
