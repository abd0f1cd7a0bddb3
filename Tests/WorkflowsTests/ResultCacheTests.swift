import Foundation
import Storage
import Testing

@testable import Workflows

@Suite struct ResultCacheTests {
    static func cache() -> ResultCache {
        ResultCache(directory: FileManager.default.temporaryDirectory.appendingPathComponent("backlab-cache-\(UUID().uuidString)"))
    }

    static let hash = String(repeating: "ab", count: 32)

    @Test func writtenEntriesReadBackVerified() throws {
        let cache = Self.cache()
        guard case .miss = cache.read(Self.hash) else {
            Issue.record("expected a miss")
            return
        }
        #expect(cache.entryStamp(Self.hash) == nil)
        try cache.write(Self.hash, payload: Data("result".utf8))
        guard case .hit(let data) = cache.read(Self.hash) else {
            Issue.record("expected a hit")
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == "result")
        // The stamp names the content: the first 16 hex digits of the payload's SHA-256.
        #expect(cache.entryStamp(Self.hash) == "sha:" + SHA256Digest.hex(Data("result".utf8)).prefix(16))
        // No file a run: one pack in DIR/packs.
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory.path) == [ResultCache.packFolder])
        #expect(cache.hashes() == [Self.hash])
    }

    /// An entry file of the previous layout (one file a run).
    static func legacyEntry(_ payload: [UInt8]) -> Data {
        var bytes = ResultCache.magic
        var length = UInt64(payload.count)
        for _ in 0..<8 {
            bytes.append(UInt8(length & 0xFF))
            length >>= 8
        }
        return Data(bytes + SHA256Digest.bytes(payload) + payload)
    }

    @Test func entriesOfThePreviousLayoutAreReadThenMovedIntoAPack() throws {
        let cache = Self.cache()
        let other = String(repeating: "cd", count: 32)
        for (hash, text) in [(Self.hash, "old result"), (other, "other result text")] {
            let url = cache.legacyURL(for: hash)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.legacyEntry(Array(text.utf8)).write(to: url)
        }
        // A damaged old entry is damaged, with the same words as before.
        let url = cache.legacyURL(for: other)
        try Data(contentsOf: url).prefix(50).write(to: url)
        let fresh = ResultCache(directory: cache.directory)
        guard case .hit(let data) = fresh.read(Self.hash), case .corrupt(let why) = fresh.read(other) else {
            Issue.record("expected the old entry read, and the damaged one corrupt")
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == "old result")
        #expect(why == "truncated: 6 of 17 payload bytes")
        let stamp = fresh.entryStamp(Self.hash)
        #expect(stamp == "sha:" + SHA256Digest.hex(Data("old result".utf8)).prefix(16))
        let done = try #require(try fresh.maintain())
        #expect(done.migrated == 1)
        #expect(done.packsAfter == 1)
        let after = ResultCache(directory: cache.directory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory.path) == [ResultCache.packFolder])
        guard case .hit(let moved) = after.read(Self.hash), case .miss = after.read(other) else {
            Issue.record("expected the moved entry read, and the damaged one gone")
            return
        }
        #expect(moved == data)
        // Moving an entry keeps its stamp, so what was built from it stays up to date.
        #expect(after.entryStamp(Self.hash) == stamp)
        #expect(try after.maintain() == nil)
    }

    @Test func truncatedAndAlteredEntriesOfThePreviousLayoutAreCorrupt() throws {
        let cache = Self.cache()
        let url = cache.legacyURL(for: Self.hash)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let full = Self.legacyEntry([UInt8](repeating: 7, count: 1000))
        try full.prefix(500).write(to: url)
        guard case .corrupt(let why) = ResultCache(directory: cache.directory).read(Self.hash) else {
            Issue.record("expected corrupt")
            return
        }
        #expect(why == "truncated: 456 of 1000 payload bytes")
        var altered = full
        altered[full.count - 1] = 8
        try altered.write(to: url)
        guard case .corrupt(let why2) = ResultCache(directory: cache.directory).read(Self.hash) else {
            Issue.record("expected corrupt")
            return
        }
        #expect(why2 == "checksum mismatch")
        try Data("junk".utf8).write(to: url)
        guard case .corrupt = ResultCache(directory: cache.directory).read(Self.hash) else {
            Issue.record("expected corrupt")
            return
        }
    }

    @Test func maintenanceCompactsManyPacksAndLeavesAFewAlone() throws {
        let cache = Self.cache()
        for round in 0..<3 {
            let writer = ResultCache(directory: cache.directory)
            try writer.write("h\(round)", payload: Data("r\(round)".utf8))
            writer.finishWrites()
        }
        #expect(try ResultCache(directory: cache.directory).maintain() == nil)
        #expect(try ResultCache(directory: cache.directory).maintain(packLimit: 2)?.packsBefore == 3)
        let after = ResultCache(directory: cache.directory)
        #expect(after.packs.usage().packs == 1)
        #expect(after.hashes() == ["h0", "h1", "h2"])
    }

    @Test func writeIfChangedKeepsTheMtimeOfUnchangedFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-file-\(UUID().uuidString)/a.txt")
        #expect(try AtomicFile.writeIfChanged(Data("one".utf8), to: url))
        let before = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.02)
        #expect(try !AtomicFile.writeIfChanged(Data("one".utf8), to: url))
        let after = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
        #expect(before == after)
        #expect(try AtomicFile.writeIfChanged(Data("two".utf8), to: url))
        #expect(try String(contentsOf: url, encoding: .utf8) == "two")
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["a.txt"])
    }
}
