import Engine
import Foundation
import Study

/// Bars of one data section, loaded and ranged, with the fingerprint that goes into config hashes.
public struct LoadedData: Sendable {
    /// The bars and their shared indicator memo.
    public let market: MarketData
    /// SHA-256 of the file's bytes, or `synthetic` (its parameters are in the config itself).
    public let fingerprint: String

    /// Loads the bars a data section names and keeps those in its start/end range; `bytes` are
    /// the file's content when the caller already read it.
    public init(_ config: DataConfig, bytes known: Data? = nil) throws {
        let bars: BarSeries
        let shown: String
        switch config.source {
        case .file(let path, let displayPath):
            shown = displayPath
            guard let bytes = known ?? FileManager.default.contents(atPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw Diagnostic(file: displayPath, message: exists ? "cannot read the data file" : "data file not found",
                                 hint: exists ? "check the file's permissions" : "paths in a run.yaml start at the run.yaml's folder (looked for \(path))")
            }
            fingerprint = ConfigHash.sha256Hex(bytes)
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
                message: "only \(ranged.count) bar\(ranged.count == 1 ? "" : "s") between data.start and data.end (the data spans \(UTCDate.iso8601(bars.time.first!)) to \(UTCDate.iso8601(bars.time.last!)))",
                hint: "widen or remove data.start / data.end")
        }
        market = MarketData(bars: ranged)
    }
}
