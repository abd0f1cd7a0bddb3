import Foundation
import Storage

/// `output/<study>/.backlab-inputs`: the digest of the files and data a study's results were
/// written from, and its run count. Written last, so a build killed before it finishes leaves no
/// marker and the next build checks the study again.
struct StudyMarker: Equatable {
    static let fileName = OutputLayout.StudyFile.marker.rawValue

    let digest: String
    let runs: Int

    /// The marker in `folder`, when it exists and its results files are there.
    static func read(_ folder: URL) -> StudyMarker? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
            [OutputLayout.StudyFile.resultsCSV, .resultsJSON].map(\.rawValue).allSatisfy({
                FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
            })
        else { return nil }
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, fields[0].count == 64, let runs = Int(fields[1]) else { return nil }
        return StudyMarker(digest: String(fields[0]), runs: runs)
    }

    func write(to folder: URL) throws {
        try AtomicFile.writeIfChanged(Data("\(digest) \(runs)\n".utf8), to: folder.appendingPathComponent(Self.fileName))
    }

    static func remove(from folder: URL) {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(fileName))
    }
}
