import Foundation
import Storage

/// The files of a study's results in the output folder: results.csv, results.json and the
/// marker that says from which inputs they were written.
public struct StudyOutput: Sendable {
    /// The output folder.
    public let folder: URL

    /// The writer of `folder`.
    public init(folder: URL) { self.folder = folder }

    /// Writes `data` to `path` (relative to the folder) when it changed; returns whether it did.
    /// A failure names the file.
    public func write(_ data: Data, at path: String) throws -> Bool {
        let url = folder.appendingPathComponent(path)
        do {
            return try AtomicFile.writeIfChanged(data, to: url)
        } catch {
            throw OutputError(path: url.path, error)
        }
    }

    /// Writes a study's output in the one safe order: its marker goes first (unless it already
    /// records these inputs, so it keeps its mtime), then results.csv, results.json, a
    /// walk-forward's walkforward.csv and a study of several markets' aggregate.csv (an old one of
    /// a study that has none now is removed), then
    /// `alongside` (the site's pages), and the marker last, so a build that fails or is killed
    /// halfway leaves the study to be built again. A study with a failed run gets no marker.
    /// Returns the results files written.
    public func write(_ study: AnalysedStudy, alongside: () throws -> Void = {}) throws -> [String] {
        let studyFolder = folder.appendingPathComponent(study.results.study.id)
        let marker = study.marker
        if marker == nil || StudyMarker.read(studyFolder) != marker { StudyMarker.remove(from: studyFolder) }
        let id = study.results.study.id
        var written: [String] = []
        for (file, data) in [(OutputLayout.StudyFile.resultsCSV, Data(study.results.csvText.utf8)), (.resultsJSON, study.results.jsonData)]
        {
            let path = OutputLayout.path(file, of: id)
            if try write(data, at: path) { written.append(path) }
        }
        // The files only some studies have: written when they do, an old one removed when not.
        for (file, text) in [
            (OutputLayout.StudyFile.walkForwardCSV, study.results.walkForwardCSV), (.aggregateCSV, study.results.aggregateCSV),
        ] {
            let path = OutputLayout.path(file, of: id)
            if let text {
                if try write(Data(text.utf8), at: path) { written.append(path) }
            } else if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(path))) != nil {
                written.append(path)
            }
        }
        try alongside()
        try marker?.write(to: studyFolder)
        return written
    }
}

/// A file of the output that could not be written, named by its path.
public struct OutputError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    /// Why.
    public let reason: String

    /// Wraps `error` for `path`.
    public init(path: String, _ error: Error) {
        self.path = path
        reason = (error as? FileWriteError)?.reason ?? (error as NSError).localizedDescription
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
