import Engine
import Foundation
import Study

/// Bars of one data section, loaded and ranged, with the fingerprint that goes into config hashes.
public struct LoadedData: Sendable {
    /// The bars and their shared indicator memo.
    public let market: MarketData
    /// The digest of the bars in the section's range (DESIGN section 8: the data part of the hash
    /// covers the bars a run reads).
    public let fingerprint: String
    /// How the data is named in messages: the file as the user wrote it, or "synthetic data".
    public let shown: String

    /// Loads the bars a data section names and keeps those in its start/end range.
    public init(_ config: DataConfig) throws {
        try self.init(config, source: BarSource(config.source))
    }

    /// The bars of `source` in the section's start/end range; `fingerprint` is their digest when
    /// the build knows it already (from its memo: hashing 3,000,000 bars again took 0.1 s).
    init(_ config: DataConfig, source: BarSource, fingerprint known: String? = nil) throws {
        shown = source.shown
        let range = try Self.range(of: config, in: source)
        market = MarketData(bars: source.bars.slice(range))
        fingerprint = known ?? source.fingerprint(of: range)
    }

    /// The indices of the bars a section keeps of `source`; an error when they are fewer than 2.
    static func range(of config: DataConfig, in source: BarSource) throws -> Range<Int> {
        let range = source.range(of: config)
        guard range.count >= 2 else {
            let bars = source.bars
            let span =
                bars.count == 0 ? "" : " (the data spans \(UTCDate.iso8601(bars.time.first!)) to \(UTCDate.iso8601(bars.time.last!)))"
            throw Diagnostic(
                file: source.shown, message: "only \(range.count) bar\(range.count == 1 ? "" : "s") between data.start and data.end\(span)",
                hint: "widen or remove data.start / data.end")
        }
        return range
    }

    /// The problem with a data file that cannot be read: missing, or not readable.
    static func unreadable(path: String, shown: String) -> Diagnostic {
        let exists = FileManager.default.fileExists(atPath: path)
        return Diagnostic(
            file: shown, message: exists ? "cannot read the data file" : "data file not found",
            hint: exists ? "check the file's permissions" : "paths in a run.yaml start at the run.yaml's folder (looked for \(path))")
    }
}
