import Engine
import Storage

extension AppConfig {
    /// The key of this config as one trial of a study's ledger (DESIGN section 8): a digest of
    /// what a researcher chooses: the plugins and their parameters, the platform and metrics
    /// settings, the data source (the file as written, or the synthetic source's keys but its bar
    /// count), and the data keys at `dataPaths` (those a grid varies). Not the range of bars: the
    /// same configuration measured again on data that was extended or re-cut is the same trial;
    /// on another market it is a new one.
    public func trialKey(dataPaths: [ConfigPath]) -> String { trialKey(dataPaths: dataPaths, settings: canonicalSettings()) }

    /// The trial key from this config's `canonicalSettings()`.
    func trialKey(dataPaths: [ConfigPath], settings: [UInt8]) -> String {
        var data: [(String, JSONValue)]
        switch self.data.source {
        case .file(_, let shown):
            data = [("file", .string(shown))]
        case .synthetic(let source):
            data = [("synthetic", .object(Self.syntheticFields(source, bars: false)))]
        }
        for path in dataPaths where path.isData {
            data.append((path.dotted, .string(path.value(in: self)?.description ?? "")))
        }
        return SHA256Digest.hex(Self.canonicalBytes(data: .object(data), settings: settings))
    }
}
