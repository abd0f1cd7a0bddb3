import Foundation

/// The chunks of a PNG file, read with every CRC checked: enough to tell that a renderer wrote a
/// whole, well-formed image, without decoding its pixels.
struct PNGCheck {
    /// Chunk types in file order.
    let chunkTypes: [String]
    /// Pixel width and height from the IHDR chunk.
    let size: (width: Int, height: Int)

    /// Nil unless `data` has the PNG signature, starts with IHDR, ends with IEND, has image data,
    /// and every chunk's CRC matches.
    init?(_ data: Data) {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes.prefix(8).elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        func word(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        var types: [String] = []
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = word(offset)
            guard offset + 12 + length <= bytes.count else { return nil }
            let typeAndData = bytes[offset + 4..<offset + 8 + length]
            guard Self.crc32(typeAndData) == UInt32(word(offset + 8 + length)) else { return nil }
            types.append(String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self))
            offset += 12 + length
        }
        guard offset == bytes.count, types.first == "IHDR", types.last == "IEND", types.contains("IDAT") else { return nil }
        chunkTypes = types
        size = (word(16), word(20))
    }

    /// CRC-32 as PNG defines it (polynomial 0xEDB88320, reflected).
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
