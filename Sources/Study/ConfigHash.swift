import Engine
import Foundation

/// SHA-256 hashes: of a resolved config (the cache key) and of data files (their fingerprint).
public enum ConfigHash {
    /// Hex SHA-256 of the canonical JSON of `config`, its data fingerprint and the engine version.
    public static func of(_ config: AppConfig, dataFingerprint: String) -> String {
        var bytes = config.canonicalJSON(dataFingerprint: dataFingerprint).bytes
        bytes += "\nengine:\(EngineVersion.current)".utf8
        return sha256Hex(bytes)
    }

    /// Hex SHA-256 of bytes.
    public static func sha256Hex(_ bytes: [UInt8]) -> String { SHA256Digest.hex(bytes) }

    /// Hex SHA-256 of data.
    public static func sha256Hex(_ data: Data) -> String { sha256Hex([UInt8](data)) }
}
