import Foundation
import Storage

/// `output/<study>/.backlab-inputs`: the digest of the files and data a study's results were
/// written from, its run count, and the cache entries they were read from with their stamps.
/// Written last, so a build killed before it finishes leaves no marker and the next build checks
/// the study again.
///
/// The entries make "up to date" a true statement about the cache too: a study is skipped only
/// while every entry it was built from is still there with the same content (its checksum, as
/// the pack's index names it). A deleted or pruned cache, or an entry replaced by another, sends
/// it through planning, where each entry is read and verified and what is gone runs again. (A
/// bit flipped on the disk inside a record is found when the entry is next read.)
struct StudyMarker: Equatable {
    static let fileName = OutputLayout.StudyFile.marker.rawValue

    /// One cache entry: the hash of the run and the entry file's stamp (`ResultCache.entryStamp`).
    struct Entry: Equatable {
        let hash: String
        let stamp: String
    }

    let digest: String
    let runs: Int
    /// The distinct cache entries of the study's runs, in run order.
    let entries: [Entry]

    /// The marker of a study whose runs have `hashes`, with each entry's stamp in `cache` (an entry
    /// that is not there is recorded as "-", which no entry has: the study is checked again).
    init(digest: String, runs: Int, hashes: [String], cache: ResultCache) {
        var seen = Set<String>()
        self.init(
            digest: digest, runs: runs,
            entries: hashes.filter { seen.insert($0).inserted }.map { Entry(hash: $0, stamp: cache.entryStamp($0) ?? "-") })
    }

    /// The same entries stamped again from `cache` (after the site rewrote some of them whole).
    func restamped(in cache: ResultCache) -> StudyMarker {
        StudyMarker(digest: digest, runs: runs, entries: entries.map { Entry(hash: $0.hash, stamp: cache.entryStamp($0.hash) ?? "-") })
    }

    init(digest: String, runs: Int, entries: [Entry]) {
        self.digest = digest
        self.runs = runs
        self.entries = entries
    }

    /// The marker in `folder`, when it exists and its results files are there. A marker of an
    /// older build, which lists no entries, is not read (the study is checked against the cache).
    static func read(_ folder: URL) -> StudyMarker? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
            [OutputLayout.StudyFile.resultsCSV, .resultsJSON].map(\.rawValue).allSatisfy({
                FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
            })
        else { return nil }
        // Read as bytes: a 100,000-run study's marker has 100,000 lines.
        let lines = [UInt8](data).split(separator: 10)
        func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        guard let head = lines.first?.split(separator: 32), head.count == 3, head[0].count == 64, let runs = Int(text(head[1])),
            let count = Int(text(head[2])), count == lines.count - 1
        else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        for line in lines.dropFirst() {
            guard line.count > 65, line[line.startIndex + 64] == 32 else { return nil }
            entries.append(Entry(hash: text(line.prefix(64)), stamp: text(line.dropFirst(65))))
        }
        return StudyMarker(digest: text(head[0]), runs: runs, entries: entries)
    }

    /// How many of its entries `cache` no longer holds as they were.
    func missingEntries(in cache: ResultCache) -> Int {
        entries.filter { cache.entryStamp($0.hash) != $0.stamp }.count
    }

    func write(to folder: URL) throws {
        var text = "\(digest) \(runs) \(entries.count)\n"
        for entry in entries { text += "\(entry.hash) \(entry.stamp)\n" }
        try AtomicFile.writeIfChanged(Data(text.utf8), to: folder.appendingPathComponent(Self.fileName))
    }

    static func remove(from folder: URL) {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(fileName))
    }
}
