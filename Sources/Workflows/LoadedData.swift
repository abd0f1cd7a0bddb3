import Engine
import Foundation
import Runner
import Storage
import Study

/// Bars of one data section, loaded and ranged, with the fingerprint that goes into config hashes.
public struct LoadedData: Sendable {
    /// The bars and their shared indicator memo.
    public let market: MarketData
    /// SHA-256 of the file's bytes, or `synthetic` (its parameters are in the config itself).
    public let fingerprint: String
    /// How the data is named in messages: the file as the user wrote it, or "synthetic data".
    public let shown: String

    /// Loads the bars a data section names and keeps those in its start/end range. `known` is the
    /// file's fingerprint, and its bytes when they were read, when the caller already has them
    /// (a build fingerprints every file while planning): then the file is not hashed again.
    public init(_ config: DataConfig, known: DataFingerprint? = nil) throws {
        let bars: BarSeries
        switch config.source {
        case .file(let path, let displayPath):
            shown = displayPath
            guard let bytes = known?.bytes ?? FileManager.default.contents(atPath: path) else {
                throw Self.unreadable(path: path, shown: displayPath)
            }
            fingerprint = known?.digest ?? SHA256Digest.hex(bytes)
            bars = try CSVBarLoader.parse(bytes, file: displayPath)
        case .synthetic(let source):
            shown = "synthetic data"
            fingerprint = "synthetic"
            bars = source.generate()
        }
        let ranged = bars.slice(from: config.start, through: config.end)
        guard ranged.count >= 2 else {
            throw Diagnostic(
                file: shown,
                message:
                    "only \(ranged.count) bar\(ranged.count == 1 ? "" : "s") between data.start and data.end (the data spans \(UTCDate.iso8601(bars.time.first!)) to \(UTCDate.iso8601(bars.time.last!)))",
                hint: "widen or remove data.start / data.end")
        }
        market = MarketData(bars: ranged)
    }

    /// The problem with a data file that cannot be read: missing, or not readable.
    static func unreadable(path: String, shown: String) -> Diagnostic {
        let exists = FileManager.default.fileExists(atPath: path)
        return Diagnostic(
            file: shown, message: exists ? "cannot read the data file" : "data file not found",
            hint: exists ? "check the file's permissions" : "paths in a run.yaml start at the run.yaml's folder (looked for \(path))")
    }
}
