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
        try cache.write(Self.hash, payload: Data("result".utf8))
        guard case .hit(let data) = cache.read(Self.hash) else {
            Issue.record("expected a hit")
            return
        }
        #expect(String(decoding: data, as: UTF8.self) == "result")
        #expect(cache.url(for: Self.hash).path.hasSuffix("/ab/\(Self.hash).blr"))
    }

    @Test func truncatedAndAlteredEntriesAreCorrupt() throws {
        let cache = Self.cache()
        try cache.write(Self.hash, payload: Data(repeating: 7, count: 1000))
        let url = cache.url(for: Self.hash)
        let full = try Data(contentsOf: url)
        try full.prefix(500).write(to: url)
        guard case .corrupt(let why) = cache.read(Self.hash) else {
            Issue.record("expected corrupt")
            return
        }
        #expect(why == "truncated: 456 of 1000 payload bytes")
        var altered = full
        altered[full.count - 1] = 8
        try altered.write(to: url)
        guard case .corrupt(let why2) = cache.read(Self.hash) else {
            Issue.record("expected corrupt")
            return
        }
        #expect(why2 == "checksum mismatch")
        try Data("junk".utf8).write(to: url)
        guard case .corrupt = cache.read(Self.hash) else {
            Issue.record("expected corrupt")
            return
        }
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
