import Foundation

/// One published version of a site: its id, which orders versions (a sequence number, then the
/// UTC time it was made: `000012-20261201T201640Z`), and the list of its files with their
/// SHA-256 and size, kept beside its folder as `versions/<id>.files`.
public struct PublishedVersion: Sendable, Equatable {
    /// One file of a version.
    public struct File: Sendable, Equatable {
        /// Relative to the version's folder, `/`-separated.
        public let path: String
        /// SHA-256 of the content, lowercase hex.
        public let sha256: String
        /// Bytes.
        public let size: Int
    }

    /// The version's id (its folder's name under `versions/`).
    public let id: String
    /// Its files, sorted by path.
    public let files: [File]

    /// The first line of a file list; a list without it is not one publish wrote.
    static let header = "backlab-publish 1"

    /// The sequence number at the start of an id (six digits or more); nil for a name that is not
    /// a version's.
    public static func sequence(of id: String) -> Int? {
        let parts = id.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].count >= 6, parts[0].count <= 18, parts[0].allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(parts[0])
    }

    /// The id of version number `sequence`, made at `date`.
    public static func id(sequence: Int, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return String(format: "%06d", sequence) + "-" + formatter.string(from: date)
    }

    /// The file list as written to `<id>.files`: the header, then `sha256 size path` a line.
    var listing: String {
        ([Self.header] + files.map { "\($0.sha256) \($0.size) \($0.path)" }).joined(separator: "\n") + "\n"
    }

    /// Reads a file list; nil when it is not one (missing header, a malformed line).
    static func parse(id: String, listing: String) -> PublishedVersion? {
        var lines = listing.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == Substring(header) else { return nil }
        lines.removeFirst()
        var files: [File] = []
        for line in lines {
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, fields[0].count == 64, let size = Int(fields[1]), size >= 0, !fields[2].isEmpty else { return nil }
            files.append(File(path: String(fields[2]), sha256: String(fields[0]), size: size))
        }
        return PublishedVersion(id: id, files: files)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
