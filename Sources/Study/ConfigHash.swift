import Engine
import Foundation
import Storage

/// The cache key of a resolved config.
public enum ConfigHash {
    /// Hex SHA-256 of the canonical JSON of `config`, its data fingerprint and the engine version.
    public static func of(_ config: AppConfig, dataFingerprint: String) -> String {
        of(config, dataFingerprint: dataFingerprint, settings: config.canonicalSettings())
    }

    /// A config's hash and, when `trialDataPaths` is given (a grid's run), its trial key (see
    /// `AppConfig.trialKey`), sharing the canonical bytes of its settings.
    public static func keys(of config: AppConfig, dataFingerprint: String, trialDataPaths: [ConfigPath]?) -> (hash: String, trial: String?)
    {
        let settings = config.canonicalSettings()
        return (
            of(config, dataFingerprint: dataFingerprint, settings: settings),
            trialDataPaths.map { config.trialKey(dataPaths: $0, settings: settings) }
        )
    }

    private static func of(_ config: AppConfig, dataFingerprint: String, settings: [UInt8]) -> String {
        var bytes = AppConfig.canonicalBytes(data: config.hashedData(dataFingerprint), settings: settings)
        bytes += "\nengine:\(EngineVersion.current)".utf8
        return SHA256Digest.hex(bytes)
    }
}
