import Foundation
import Testing

@testable import Preview

@Suite struct SourceWatcherTests {
    static func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("studies/a"), withIntermediateDirectories: true)
        try Data("fast: 10\n".utf8).write(to: root.appendingPathComponent("studies/a/run.yaml"))
        try Data("t,o\n".utf8).write(to: root.appendingPathComponent("bars.csv"))
        return root
    }

    @Test func editsAdditionsRemovalsAndRenamesOverAFileAreSeenHiddenFilesAreNot() throws {
        let root = try Self.folder()
        let run = root.appendingPathComponent("studies/a/run.yaml")
        let data = root.appendingPathComponent("bars.csv").path
        let watcher = SourceWatcher(folders: [root.appendingPathComponent("studies")], files: [data])
        var before = watcher.snapshot()
        // The data file's folder is watched by its own stamp.
        #expect(Set(before.keys) == [run.path, data, root.path + "/"])

        // The same size, a new modification time: an in-place edit (20 ms later, so even a file
        // system with coarse timestamps gives it a new one).
        usleep(20_000)
        let handle = try FileHandle(forWritingTo: run)
        try handle.write(contentsOf: Data("fast: 20\n".utf8))
        try handle.close()
        var after = watcher.snapshot()
        #expect(SourceWatcher.changes(from: before, to: after) == [run.path])
        before = after

        // An editor's save: a new file renamed over the old one (a new inode).
        let temporary = root.appendingPathComponent("studies/a/run.yaml.new")
        try Data("fast: 30\n".utf8).write(to: temporary)
        #expect(rename(temporary.path, run.path) == 0)
        after = watcher.snapshot()
        #expect(SourceWatcher.changes(from: before, to: after) == [run.path])
        before = after

        // Swap files and backups change nothing a build reads.
        try Data("x".utf8).write(to: root.appendingPathComponent("studies/a/.run.yaml.swp"))
        try Data("x".utf8).write(to: root.appendingPathComponent("studies/a/run.yaml~"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("studies/.git"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: root.appendingPathComponent("studies/.git/index"))
        #expect(watcher.snapshot() == before)

        // A new study, a data file outside the studies folder, a removed file (and the data
        // file's folder, whose entries did not change: an edit in place).
        let optimization = root.appendingPathComponent("studies/b/optimization.yaml")
        try FileManager.default.createDirectory(at: optimization.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("grid".utf8).write(to: optimization)
        try Data("t,o\n1,2\n".utf8).write(to: URL(fileURLWithPath: data))
        try FileManager.default.removeItem(at: run)
        #expect(SourceWatcher.changes(from: before, to: watcher.snapshot()) == [data, run.path, optimization.path].sorted())
    }

    @Test func aMissingDataFileThatAppearsIsSeenByItsFolderAndAFarFutureDateDoesNotTrap() throws {
        let root = try Self.folder()
        let missing = root.appendingPathComponent("markets/CCC_1d.csv")
        try FileManager.default.createDirectory(at: missing.deletingLastPathComponent(), withIntermediateDirectories: true)
        let watcher = SourceWatcher(folders: [root.appendingPathComponent("studies")], files: [missing.path])
        let before = watcher.snapshot()
        #expect(before[missing.path] == nil && before[missing.deletingLastPathComponent().path + "/"] != nil)
        usleep(20_000)
        // Another file in the folder (a market a glob would match) changes the folder's stamp.
        try Data("t,o\n".utf8).write(to: root.appendingPathComponent("markets/BBB_1d.csv"))
        let added = watcher.snapshot()
        #expect(SourceWatcher.changes(from: before, to: added) == [missing.deletingLastPathComponent().path + "/"])
        try Data("t,o\n".utf8).write(to: missing)
        #expect(SourceWatcher.changes(from: added, to: watcher.snapshot()).contains(missing.path))
        // A file dated in the year 2300: nanoseconds past Int64, still a stamp.
        let notes = root.appendingPathComponent("studies/a/notes.txt")
        try Data("x".utf8).write(to: notes)
        var times = [
            timespec(tv_sec: 10_413_792_000, tv_nsec: 0), timespec(tv_sec: 10_413_792_000, tv_nsec: 0),
        ]
        #expect(utimensat(AT_FDCWD, notes.path, &times, 0) == 0)
        #expect(watcher.snapshot()[notes.path] != nil)
    }

    @Test func aLinkedDataFileIsWatchedThroughItsLinkAndALinkedFolderIsNotEntered() throws {
        let root = try Self.folder()
        let studies = root.appendingPathComponent("studies")
        try FileManager.default.createSymbolicLink(
            atPath: studies.appendingPathComponent("a/bars.csv").path, withDestinationPath: root.appendingPathComponent("bars.csv").path)
        try FileManager.default.createSymbolicLink(atPath: studies.appendingPathComponent("a/loop").path, withDestinationPath: studies.path)
        let watcher = SourceWatcher(folders: [studies])
        let before = watcher.snapshot()
        #expect(before.count == 2)
        try Data("t,o\n1,2\n".utf8).write(to: root.appendingPathComponent("bars.csv"))
        #expect(SourceWatcher.changes(from: before, to: watcher.snapshot()) == [studies.appendingPathComponent("a/bars.csv").path])
    }
}
