import Engine
import Foundation
import Storage

/// The cache key of a resolved config.
public enum ConfigHash {
    /// Hex SHA-256 of the canonical JSON of `config`, its data fingerprint and the engine version.
    public static func of(_ config: AppConfig, dataFingerprint: String) -> String {
        var bytes = config.canonicalJSON(dataFingerprint: dataFingerprint).bytes()
        bytes += "\nengine:\(EngineVersion.current)".utf8
        return SHA256Digest.hex(bytes)
    }
}
