import Foundation

/// Polls what a site is built from (the studies folder, the templates, each data file) for
/// changes. Polling, not inotify: it works the same on every system and file system (network
/// mounts, containers' bind mounts), and a snapshot of a few hundred `stat` calls costs well under
/// a millisecond, so ten a second are cheap.
public struct SourceWatcher: Sendable {
    /// What a file's change shows in: its size, modification and change times, and inode (an
    /// editor that saves by renaming a new file over the old one gives a new inode).
    public struct Stamp: Equatable, Sendable {
        let size: Int64
        let modified: Int64
        let changed: Int64
        let inode: UInt64
    }

    /// Folders watched with everything under them.
    public var folders: [URL]
    /// Files watched one by one (data files may live anywhere), and the folders that hold them,
    /// by the folders' own stamps: a file created, removed or renamed in one (a missing data file
    /// that appears, a new market a glob will match, a `git checkout`) changes its stamp, and
    /// nothing in such a folder needs to be listed.
    public var files: [String]

    /// A watcher of `folders` (recursively) and of `files` and their folders.
    public init(folders: [URL], files: [String] = []) {
        self.folders = folders
        self.files = files
    }

    /// Every watched file's stamp by path. Hidden names (`.git`, an editor's `.run.yaml.swp`) and
    /// backups ending in `~` are left out: saving them changes nothing a build reads.
    public func snapshot() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        for folder in folders { walk(folder.path, into: &stamps, depth: 0) }
        for file in files {
            if let stamp = Self.stamp(file) { stamps[file] = stamp }
            let folder = Self.folderKey(of: file)
            if stamps[folder] == nil, let stamp = Self.folderStamp(folder) { stamps[folder] = stamp }
        }
        return stamps
    }

    /// The paths added, removed or changed from `old` to `new`, sorted.
    public static func changes(from old: [String: Stamp], to new: [String: Stamp]) -> [String] {
        var paths = Set<String>()
        for (path, stamp) in new where old[path] != stamp { paths.insert(path) }
        for path in old.keys where new[path] == nil { paths.insert(path) }
        return paths.sorted()
    }

    private func walk(_ path: String, into stamps: inout [String: Stamp], depth: Int) {
        guard depth < 32, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names where !name.hasPrefix(".") && !name.hasSuffix("~") {
            let child = path + "/" + name
            var info = stat()
            guard lstat(child, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: walk(child, into: &stamps, depth: depth + 1)
            // A linked file is watched through the link (its target's stamp); a linked folder is
            // not entered (it could loop).
            case S_IFLNK: if let stamp = Self.stamp(child) { stamps[child] = stamp }
            default: stamps[child] = Self.stamp(info)
            }
        }
    }

    static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { return nil }
        return stamp(info)
    }

    /// The key of the stamp of the folder that holds `file`: its path with a final `/`.
    public static func folderKey(of file: String) -> String { (file as NSString).deletingLastPathComponent + "/" }

    /// A folder's own stamp (its modification time changes with its entries); the key ends in
    /// `/`, so it never meets a file's.
    static func folderStamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        return stamp(info)
    }

    /// Times in nanoseconds with wrapping arithmetic: a file dated after 2262 (a bogus archive,
    /// a skewed network clock) still gets a stamp, and a stamp only has to change.
    static func stamp(_ info: stat) -> Stamp {
        Stamp(
            size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec),
            changed: Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec),
            inode: UInt64(info.st_ino))
    }
}
