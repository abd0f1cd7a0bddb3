import Foundation
import Testing

@testable import Publishing

@Suite struct SitePublisherTests {
    /// A scratch folder with a site in `site/` and the destination `dest/`.
    struct Scratch {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-publish-\(UUID().uuidString)")
        var site: URL { root.appendingPathComponent("site") }
        var dest: URL { root.appendingPathComponent("dest") }
        var publisher: SitePublisher { SitePublisher(destination: dest) }

        /// Replaces the site by `files` (path: content).
        func write(_ files: [String: String]) throws {
            try? FileManager.default.removeItem(at: site)
            for (path, content) in files {
                let url = site.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content.utf8).write(to: url)
            }
        }

        func publish(_ files: [String: String], keep: Int = 5, now: Date = Date()) throws -> SitePublisher.Outcome {
            try write(files)
            return try publisher.publish(files: Array(files.keys), from: site, keep: keep, now: now)
        }

        /// Every regular file under `DEST/current`, by relative path, read through the link.
        func current() throws -> [String: String] {
            let base = dest.appendingPathComponent("current").resolvingSymlinksInPath()
            var files: [String: String] = [:]
            let enumerator = try #require(FileManager.default.enumerator(atPath: base.path))
            while let path = enumerator.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: base.appendingPathComponent(path).path, isDirectory: &isFolder),
                    !isFolder.boolValue
                {
                    files[path] = try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
                }
            }
            return files
        }

        func link() -> String? { try? FileManager.default.destinationOfSymbolicLink(atPath: dest.appendingPathComponent("current").path) }

        func inode(_ id: String, _ path: String) throws -> (inode: UInt64, links: Int, mode: Int) {
            let attributes = try FileManager.default.attributesOfItem(atPath: dest.appendingPathComponent("versions/\(id)/\(path)").path)
            return (
                (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0, (attributes[.referenceCount] as? NSNumber)?.intValue ?? 0,
                (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            )
        }
    }

    static let first = ["index.html": "<img src=\"a/charts/x.png\">", "a/index.html": "page one", "a/charts/x.png": "chart one"]

    @Test func theFirstPublishCopiesEveryFileReadOnlyAndLinksCurrent() throws {
        let scratch = Scratch()
        let outcome = try scratch.publish(Self.first)
        #expect(outcome.published && outcome.previous == nil)
        #expect(outcome.files == 3 && outcome.copied == 3 && outcome.linked == 0)
        #expect(outcome.copiedBytes == Self.first.values.map(\.utf8.count).reduce(0, +))
        #expect(scratch.link() == "versions/\(outcome.id)")
        #expect(try scratch.current() == Self.first)
        #expect(try scratch.inode(outcome.id, "a/index.html").mode == 0o444)
        #expect(scratch.publisher.versions() == [outcome.id])
        let listed = try #require(scratch.publisher.version(outcome.id))
        #expect(listed.files.map(\.path) == ["a/charts/x.png", "a/index.html", "index.html"])
    }

    @Test func unchangedFilesAreHardLinkedFromTheCurrentVersionAndTheOldOneKeepsItsBytes() throws {
        let scratch = Scratch()
        let one = try scratch.publish(Self.first)
        var second = Self.first
        second["a/index.html"] = "page two"
        second["b/new.csv"] = "chart one"  // the same bytes as a file of the old version, under another name
        let two = try scratch.publish(second)
        #expect(two.published && two.previous == one.id && two.linked == 3 && two.copied == 1)
        for path in ["index.html", "a/charts/x.png"] {
            #expect(try scratch.inode(one.id, path).inode == scratch.inode(two.id, path).inode)
            #expect(try scratch.inode(two.id, path).links >= 2)
        }
        #expect(try scratch.inode(two.id, "b/new.csv").inode == scratch.inode(one.id, "a/charts/x.png").inode)
        #expect(try scratch.inode(one.id, "a/index.html").inode != scratch.inode(two.id, "a/index.html").inode)
        #expect(try scratch.current() == second)
        let old = try String(contentsOf: scratch.dest.appendingPathComponent("versions/\(one.id)/a/index.html"), encoding: .utf8)
        #expect(old == "page one")
    }

    @Test func anUnchangedSiteWritesNothing() throws {
        let scratch = Scratch()
        let one = try scratch.publish(Self.first)
        let listing = try FileManager.default.contentsOfDirectory(atPath: scratch.publisher.versionsFolder.path).sorted()
        let again = try scratch.publish(Self.first)
        #expect(!again.published && again.id == one.id && again.copied == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.publisher.versionsFolder.path).sorted() == listing)
        #expect(scratch.link() == "versions/\(one.id)")
    }

    @Test func aCurrentVersionMissingAFileIsPublishedAgainNotCalledUnchanged() throws {
        let scratch = Scratch()
        let one = try scratch.publish(Self.first)
        let chart = scratch.dest.appendingPathComponent("versions/\(one.id)/a/charts/x.png")
        try FileManager.default.removeItem(at: chart)
        // And a switch a killed publish left half done.
        #expect(symlink("versions/x", scratch.dest.appendingPathComponent(".current-99999.tmp").path) == 0)
        let two = try scratch.publish(Self.first)
        #expect(two.published && two.id != one.id && two.linked == 2 && two.copied == 1)
        #expect(try scratch.current() == Self.first)
        #expect(!FileManager.default.fileExists(atPath: scratch.dest.appendingPathComponent(".current-99999.tmp").path))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: scratch.dest.path)).contains { $0.hasPrefix(".current-") })
    }

    @Test func rollbackRestoresThePreviousVersionByteForByteAndStopsAtTheOldest() throws {
        let scratch = Scratch()
        let one = try scratch.publish(Self.first)
        let second = Self.first.merging(["a/index.html": "page two"]) { $1 }
        let two = try scratch.publish(second)
        let third = second.merging(["a/charts/x.png": "chart three"]) { $1 }
        let three = try scratch.publish(third)
        #expect(try scratch.publisher.rollback() == (three.id, two.id))
        #expect(try scratch.current() == second)
        #expect(try scratch.publisher.rollback() == (two.id, one.id))
        #expect(try scratch.current() == Self.first)
        #expect(throws: PublishError.self) { try scratch.publisher.rollback() }
        #expect(scratch.link() == "versions/\(one.id)")
        // A publish after a rollback is newer than every version, and links against the current one.
        let four = try scratch.publish(third)
        #expect(PublishedVersion.sequence(of: four.id) == 4 && four.previous == one.id)
        #expect(try scratch.current() == third)
    }

    @Test func rollbackUndoesTheLastPublishNotTheNewestOlderNumber() throws {
        let scratch = Scratch()
        let one = try scratch.publish(["index.html": "good"])
        let two = try scratch.publish(["index.html": "bad"])
        #expect(try scratch.publisher.rollback() == (two.id, one.id))
        let three = try scratch.publish(["index.html": "better"])
        // The publish after a rollback removes the version rolled back (no rollback reaches it).
        #expect(three.pruned == [two.id])
        // The version before v3 was v1 (v2 had been rolled back), not v2.
        #expect(try scratch.publisher.rollback() == (three.id, one.id))
        #expect(try scratch.current() == ["index.html": "good"])
        #expect(throws: PublishError.self) { try scratch.publisher.rollback() }
        let four = try scratch.publish(["index.html": "four"])
        #expect(four.pruned == [three.id] && scratch.publisher.versions() == [one.id, four.id])
        #expect(scratch.publisher.readHistory() == [one.id, four.id])
    }

    @Test func withoutItsHistoryRollbackGoesToTheNewestOlderVersionAndKeepCountsByNumber() throws {
        let scratch = Scratch()
        let ids = try (1...3).map { try scratch.publish(["index.html": "v\($0)"], keep: 10).id }
        try FileManager.default.removeItem(at: scratch.publisher.historyURL)
        #expect(try scratch.publisher.rollback() == (ids[2], ids[1]))
        // A publish without a history keeps by number, as many as --keep says.
        try FileManager.default.removeItem(at: scratch.publisher.historyURL)
        let four = try scratch.publish(["index.html": "v4"], keep: 3)
        #expect(four.pruned == [ids[0]] && scratch.publisher.versions() == [ids[1], ids[2], four.id])
    }

    @Test func aDamagedVersionIsNotRolledBackToAndNothingIsMadeWhereNothingIsPublished() throws {
        let scratch = Scratch()
        let one = try scratch.publish(Self.first)
        let two = try scratch.publish(["index.html": "two"])
        try FileManager.default.removeItem(at: scratch.dest.appendingPathComponent("versions/\(one.id)/a/index.html"))
        #expect(throws: PublishError.self) { try scratch.publisher.rollback() }
        #expect(scratch.link() == "versions/\(two.id)")
        let nowhere = SitePublisher(destination: scratch.root.appendingPathComponent("typo/dest"))
        #expect(throws: PublishError.self) { try nowhere.rollback() }
        #expect(!FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("typo").path))
    }

    @Test func keepRemovesTheOldestVersionsButNeverTheCurrentOne() throws {
        let scratch = Scratch()
        var ids: [String] = []
        for i in 1...4 { ids.append(try scratch.publish(["index.html": "version \(i)"], keep: 10).id) }
        let five = try scratch.publish(["index.html": "version 5"], keep: 2)
        #expect(five.pruned == Array(ids.prefix(3)))
        #expect(scratch.publisher.versions() == [ids[3], five.id])
        for id in ids.prefix(3) {
            #expect(!FileManager.default.fileExists(atPath: scratch.dest.appendingPathComponent("versions/\(id).files").path))
        }
        // Rolled back to the older one, a publish with --keep 1 keeps the new one and nothing else.
        _ = try scratch.publisher.rollback()
        let six = try scratch.publish(["index.html": "version 6"], keep: 1)
        #expect(scratch.publisher.versions() == [six.id])
        #expect(try scratch.current() == ["index.html": "version 6"])
    }

    @Test func aCurrentThatIsAFolderIsNeverReplaced() throws {
        let scratch = Scratch()
        let folder = scratch.dest.appendingPathComponent("current")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("an old rsync copy".utf8).write(to: folder.appendingPathComponent("index.html"))
        #expect(throws: PublishError.self) { try scratch.publish(Self.first) }
        #expect(try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8) == "an old rsync copy")
        #expect(scratch.publisher.versions().isEmpty)
    }

    @Test func whatAKilledPublishLeftIsRemovedAndItsNumberIsNotReused() throws {
        let scratch = Scratch()
        let one = try scratch.publish(Self.first)
        // A publish killed while it wrote version 2, and one killed after its folder but before its list.
        let versions = scratch.publisher.versionsFolder
        try FileManager.default.createDirectory(
            at: versions.appendingPathComponent(".partial-000002-20260101T000000Z/a"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: versions.appendingPathComponent("000003-20260101T000000Z"), withIntermediateDirectories: true)
        #expect(scratch.publisher.versions() == [one.id])
        let next = try scratch.publish(["index.html": "new"])
        #expect(PublishedVersion.sequence(of: next.id) == 4)
        let names = try FileManager.default.contentsOfDirectory(atPath: versions.path).sorted()
        #expect(names == ["\(one.id)", "\(one.id).files", "\(next.id)", "\(next.id).files"])
    }

    @Test func aFileThatIsNotAPlainRelativePathIsRefused() throws {
        let scratch = Scratch()
        try scratch.write(["index.html": "x"])
        #expect(throws: PublishError.self) { try scratch.publisher.publish(files: ["../escape"], from: scratch.site, keep: 5) }
        #expect(throws: PublishError.self) { try scratch.publisher.publish(files: ["missing.html"], from: scratch.site, keep: 5) }
        #expect(scratch.link() == nil)
    }

    @Test func idsOrderBySequenceAndListsRoundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_796_156_710)
        let id = PublishedVersion.id(sequence: 12, date: date)
        #expect(id == "000012-20261201T202510Z")
        #expect(PublishedVersion.sequence(of: id) == 12)
        #expect(PublishedVersion.sequence(of: "1000000-20261201T202510Z") == 1_000_000)
        for name in ["12-20261201T202510Z", "abcdef-x", "000012", ".partial-000012-x", "x000012-y"] {
            #expect(PublishedVersion.sequence(of: name) == nil, "\(name)")
        }
        // Versions order by number, past six digits too (where names no longer sort as text).
        let scratch = Scratch()
        try FileManager.default.createDirectory(at: scratch.publisher.versionsFolder, withIntermediateDirectories: true)
        let ids = [999_999, 1_000_000, 2].map { PublishedVersion.id(sequence: $0, date: date) }
        for id in ids {
            try FileManager.default.createDirectory(
                at: scratch.publisher.versionsFolder.appendingPathComponent(id), withIntermediateDirectories: true)
            try Data((PublishedVersion.header + "\n").utf8).write(
                to: scratch.publisher.versionsFolder.appendingPathComponent(id + ".files"))
        }
        #expect(scratch.publisher.versions() == [ids[2], ids[0], ids[1]])
        let next = try scratch.publish(["index.html": "x"])
        #expect(PublishedVersion.sequence(of: next.id) == 1_000_001)
        let version = PublishedVersion(
            id: id, files: [.init(path: "a b/c.html", sha256: String(repeating: "ab", count: 32), size: 7)])
        #expect(PublishedVersion.parse(id: id, listing: version.listing) == version)
        #expect(PublishedVersion.parse(id: id, listing: "not a list\n") == nil)
        #expect(PublishedVersion.parse(id: id, listing: PublishedVersion.header + "\nabc 1 x\n") == nil)
    }
}
