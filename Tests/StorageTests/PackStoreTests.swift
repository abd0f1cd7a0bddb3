import Foundation
import Testing

@testable import Storage

@Suite struct PackStoreTests {
    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("backlab-packs-\(UUID().uuidString)")
    }

    static func payload(_ i: Int) -> [UInt8] { Array("result \(i) ".utf8) + [UInt8](repeating: UInt8(i % 251), count: i % 97) }

    static func packs(in folder: URL, _ suffix: String = ".pack") -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: [true, false]) func recordsReadBackInAnotherStoreWithOrWithoutTheIndex(closed: Bool) throws {
        let folder = Self.folder()
        let store = PackStore(folder: folder)
        #expect(store.read("k1") == .missing)
        for i in 0..<50 { try store.write("k\(i)", payload: Self.payload(i)) }
        #expect(store.read("k7") == .payload(Self.payload(7)))
        if closed { store.finishWrites() }
        #expect(Self.packs(in: folder, ".index").count == (closed ? 1 : 0))
        // Another process opening the folder: from the index, or from the records' headers.
        let other = PackStore(folder: folder)
        for i in 0..<50 { #expect(other.read("k\(i)") == .payload(Self.payload(i))) }
        #expect(other.read("k50") == .missing)
        #expect(Set(other.keys()) == Set((0..<50).map { "k\($0)" }))
        #expect(other.usage().deadBytes == 0)
        #expect(other.checksum("k3") == store.checksum("k3"))
    }

    @Test func aTornTailIsIgnoredAndTheRecordWrittenAgainReads() throws {
        let folder = Self.folder()
        let store = PackStore(folder: folder)
        for i in 0..<3 { try store.write("k\(i)", payload: Self.payload(200 + i)) }
        // A writer killed in the middle of its third record (no index: it never closed).
        let pack = try #require(Self.packs(in: folder).first)
        let bytes = try Data(contentsOf: pack)
        let third = try #require(store.location("k2"))
        for cut in [third.offset + 3, third.offset + 40, third.offset + third.size - 1] {
            try bytes.prefix(cut).write(to: pack)
            let reopened = PackStore(folder: folder)
            #expect(reopened.read("k0") == .payload(Self.payload(200)))
            #expect(reopened.read("k1") == .payload(Self.payload(201)))
            #expect(reopened.read("k2") == .missing)
            #expect(reopened.usage().deadBytes == cut - third.offset)
        }
        let healed = PackStore(folder: folder)
        try healed.write("k2", payload: Self.payload(202))
        #expect(PackStore(folder: folder).read("k2") == .payload(Self.payload(202)))
    }

    @Test func anAlteredRecordIsDamagedAndANewerOneWins() throws {
        let folder = Self.folder()
        let store = PackStore(folder: folder)
        try store.write("a", payload: Self.payload(90))
        try store.write("b", payload: Self.payload(91))
        store.finishWrites()
        let pack = try #require(Self.packs(in: folder).first)
        var bytes = try Data(contentsOf: pack)
        let a = try #require(store.location("a"))
        bytes[a.offset + a.size - 1] ^= 1
        try bytes.write(to: pack)
        let reopened = PackStore(folder: folder)
        #expect(reopened.read("a") == .damaged("checksum mismatch"))
        #expect(reopened.read("b") == .payload(Self.payload(91)))
        try reopened.write("a", payload: Self.payload(90))
        #expect(reopened.read("a") == .payload(Self.payload(90)))
        // A newer record that is damaged falls back to the older one that verifies.
        reopened.finishWrites()
        let newer = try #require(reopened.location("a"))
        var second = try Data(contentsOf: URL(fileURLWithPath: newer.pack))
        second[newer.offset + newer.size - 1] ^= 1
        try second.write(to: URL(fileURLWithPath: newer.pack))
        bytes[a.offset + a.size - 1] ^= 1
        try bytes.write(to: pack)
        #expect(PackStore(folder: folder).read("a") == .payload(Self.payload(90)))
    }

    @Test func aDamagedOrStaleIndexIsIgnored() throws {
        let folder = Self.folder()
        let store = PackStore(folder: folder)
        for i in 0..<10 { try store.write("k\(i)", payload: Self.payload(i)) }
        store.finishWrites()
        let index = try #require(Self.packs(in: folder, ".index").first)
        var bytes = try Data(contentsOf: index)
        bytes[30] ^= 0xFF
        try bytes.write(to: index)
        #expect(PackStore(folder: folder).read("k9") == .payload(Self.payload(9)))
        // An index that covers more than its pack holds (the pack cut short after the index was
        // written) is not trusted either: the records that are there still read.
        let pack = try #require(Self.packs(in: folder).first)
        let ninth = try #require(store.location("k9"))
        try Data(contentsOf: pack).prefix(ninth.offset + 10).write(to: pack)
        try Data(PackIndexFile.encode(covered: ninth.offset + ninth.size, entries: [])).write(to: index)
        let reopened = PackStore(folder: folder)
        #expect(reopened.read("k8") == .payload(Self.payload(8)))
        #expect(reopened.read("k9") == .missing)
    }

    @Test func theIndexFormatRoundTripsAndRejectsWhatItIsNot() throws {
        let entries = [
            PackIndexFile.Entry(key: "abc", offset: 0, payloadLength: 10, checksum: 7),
            PackIndexFile.Entry(key: String(repeating: "é", count: 100), offset: 55, payloadLength: 0, checksum: .max),
        ]
        let bytes = PackIndexFile.encode(covered: 300, entries: entries)
        let decoded = try #require(PackIndexFile.decode(bytes))
        #expect(decoded.covered == 300)
        #expect(decoded.entries == entries)
        #expect(PackIndexFile.decode(Array(bytes.dropLast())) == nil)
        #expect(PackIndexFile.decode([]) == nil)
        // An entry past what the index covers is refused, checksum or not.
        let beyond = PackIndexFile.encode(covered: 10, entries: [PackIndexFile.Entry(key: "k", offset: 20, payloadLength: 1, checksum: 0)])
        #expect(PackIndexFile.decode(beyond) == nil)
    }

    @Test func concurrentWritersEachAppendToTheirOwnPack() async throws {
        let folder = Self.folder()
        let store = PackStore(folder: folder)
        let threads = 8
        let each = 200
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<threads {
                group.addTask {
                    for i in 0..<each { try? store.write("t\(t)-\(i)", payload: Self.payload(t * each + i)) }
                }
            }
        }
        // Two stores on one folder stand for two processes (two shards on one file system).
        let second = PackStore(folder: folder)
        for i in 0..<each { try second.write("s-\(i)", payload: Self.payload(i)) }
        store.finishWrites()
        second.finishWrites()
        let packs = Self.packs(in: folder).count
        #expect(packs >= 2 && packs <= threads + 1)
        #expect(Self.packs(in: folder, ".index").count == packs)
        let reopened = PackStore(folder: folder)
        #expect(reopened.keys().count == threads * each + each)
        for t in 0..<threads {
            for i in stride(from: 0, to: each, by: 17) { #expect(reopened.read("t\(t)-\(i)") == .payload(Self.payload(t * each + i))) }
        }
        #expect(reopened.read("s-199") == .payload(Self.payload(199)))
    }

    @Test func compactionKeepsWhatAnotherProcessWroteAfterThisOneFirstRead() throws {
        let folder = Self.folder()
        let first = PackStore(folder: folder)
        try first.write("mine", payload: Self.payload(1))
        first.finishWrites()
        #expect(first.keys() == ["mine"])
        // Another build appends to the cache after this one read it, and finishes.
        let other = PackStore(folder: folder)
        for i in 0..<30 { try other.write("theirs-\(i)", payload: Self.payload(i)) }
        other.finishWrites()
        // This one then has the cache alone and compacts: their records survive.
        #expect(try first.compact() == 31)
        let reopened = PackStore(folder: folder)
        #expect(reopened.keys().count == 31)
        for i in 0..<30 { #expect(reopened.read("theirs-\(i)") == .payload(Self.payload(i))) }
        #expect(Self.packs(in: folder).count == 1)
    }

    @Test func aNewPackIsNamedAfterTheNewestEvenWhenTheClockIsBehind() throws {
        let folder = Self.folder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // A pack from a machine whose clock is a day ahead, holding an older record of "k".
        let ahead = PackStore(folder: folder)
        try ahead.write("k", payload: Self.payload(1))
        ahead.finishWrites()
        let pack = try #require(Self.packs(in: folder).first)
        let time = try #require(UInt64(pack.lastPathComponent.prefix(16), radix: 16)) + 86_400_000_000_000
        let renamed =
            String(repeating: "0", count: 16 - String(time, radix: 16).count) + String(time, radix: 16)
            + pack.lastPathComponent.dropFirst(16)
        try FileManager.default.moveItem(at: pack, to: folder.appendingPathComponent(renamed))
        try FileManager.default.moveItem(
            at: URL(fileURLWithPath: PackWriter.indexPath(of: pack.path)),
            to: URL(fileURLWithPath: PackWriter.indexPath(of: folder.appendingPathComponent(renamed).path)))
        let behind = PackStore(folder: folder)
        try behind.write("k", payload: Self.payload(2))
        behind.finishWrites()
        #expect(PackStore(folder: folder).read("k") == .payload(Self.payload(2)))
    }

    @Test func compactionKeepsEveryLiveRecordInOnePackAndDropsTheRest() throws {
        let folder = Self.folder()
        for round in 0..<5 {
            let store = PackStore(folder: folder)
            for i in 0..<20 { try store.write("k\(i)", payload: Self.payload(i + round)) }
            store.finishWrites()
        }
        // A torn tail in one more pack, as a killed writer leaves it.
        let torn = PackStore(folder: folder)
        try torn.write("late", payload: Self.payload(5))
        let tornPack = try #require(torn.location("late"))
        try Data(contentsOf: URL(fileURLWithPath: tornPack.pack)).prefix(tornPack.size - 2).write(to: URL(fileURLWithPath: tornPack.pack))
        let store = PackStore(folder: folder)
        let before = store.usage()
        #expect(before.packs == 6)
        #expect(before.deadBytes > 0)
        let stamps = (0..<20).map { store.checksum("k\($0)") }
        let kept = try store.compact(dropping: ["k0"]) { add in try add("extra", Self.payload(77)) }
        #expect(kept == 20)
        #expect(Self.packs(in: folder).count == 1)
        #expect(Self.packs(in: folder, ".index").count == 1)
        let reopened = PackStore(folder: folder)
        #expect(reopened.read("k0") == .missing)
        for i in 1..<20 { #expect(reopened.read("k\(i)") == .payload(Self.payload(i + 4))) }
        #expect(reopened.read("extra") == .payload(Self.payload(77)))
        #expect(reopened.read("late") == .missing)
        #expect(reopened.usage().deadBytes == 0)
        // A record that moved keeps its checksum, so what was built from it stays up to date.
        #expect((1..<20).map { reopened.checksum("k\($0)") } == Array(stamps[1...]))
        #expect(reopened.usage().bytes < before.bytes / 4)
    }
}
