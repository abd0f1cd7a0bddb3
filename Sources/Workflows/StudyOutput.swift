import Foundation
import Storage

/// The files of a study's results in the output folder: results.csv, results.json and the
/// marker that says from which inputs they were written.
public struct StudyOutput: Sendable {
    /// The output folder.
    public let folder: URL

    /// The writer of `folder`.
    public init(folder: URL) { self.folder = folder }

    /// Writes results.csv and results.json where they changed; returns the paths written.
    public func writeResults(_ results: StudyResults) throws -> [String] {
        var written: [String] = []
        let id = results.study.id
        for (file, data) in [(OutputLayout.StudyFile.resultsCSV, Data(results.csvText.utf8)), (.resultsJSON, results.jsonData)] {
            let path = OutputLayout.path(file, of: id)
            do {
                if try AtomicFile.writeIfChanged(data, to: folder.appendingPathComponent(path)) { written.append(path) }
            } catch {
                throw OutputError(path: folder.appendingPathComponent(path).path, error)
            }
        }
        return written
    }

    /// Removes a study's marker before any of its files are written, so a build that fails or is
    /// killed halfway leaves the study to be built again. A marker of the same inputs stays (its
    /// files are being written again from the same inputs; it keeps its mtime).
    public func unmark(_ study: AnalysedStudy) {
        let studyFolder = folder.appendingPathComponent(study.results.study.id)
        let marker = study.inputsDigest.map { StudyMarker(digest: $0, runs: study.results.runs.count) }
        if marker == nil || StudyMarker.read(studyFolder) != marker { StudyMarker.remove(from: studyFolder) }
    }

    /// Writes the study's marker last, once everything else of it is written; a study with a failed
    /// run gets none, so the next build tries it again.
    public func markDone(_ study: AnalysedStudy) throws {
        let studyFolder = folder.appendingPathComponent(study.results.study.id)
        if let digest = study.inputsDigest {
            try StudyMarker(digest: digest, runs: study.results.runs.count).write(to: studyFolder)
        } else {
            StudyMarker.remove(from: studyFolder)
        }
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
        reason = (error as NSError).localizedDescription
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
