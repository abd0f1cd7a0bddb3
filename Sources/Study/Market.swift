import Engine
import Foundation

/// One market of a study (DESIGN section 9): a data section with a name. A run.yaml whose `data`
/// is one section has one market; a list of sections, or `{glob: PATTERN, ...}`, has several, and
/// every configuration of the study runs on each.
public struct Market: Sendable, Hashable {
    /// Its name: as written, else the file's stem or `synthetic-<seed>`.
    public let name: String
    /// Its data section.
    public var data: DataConfig

    /// A market.
    public init(name: String, data: DataConfig) {
        self.name = name
        self.data = data
    }

    /// The name a market gets when none is written: the file's stem, or `synthetic-<seed>`.
    public static func defaultName(of data: DataConfig) -> String {
        switch data.source {
        case .file(let path, _): URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        case .synthetic(let source): "synthetic-\(source.seed)"
        }
    }
}
