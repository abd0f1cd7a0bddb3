import Foundation
import Storage
import Testing

@Suite struct StorageTests {
    /// FIPS 180-2's test vectors.
    @Test func sha256OfKnownInputs() {
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256Digest.hex(Data(twoBlocks.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// A stream fed in pieces gives the one-shot digest, and a copy is a snapshot: reading it or
    /// feeding it more leaves the original where it was.
    @Test func aStreamAgreesWithTheOneShotDigestAndCopiesAreSnapshots() {
        let text = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        var stream = SHA256Stream()
        #expect(stream.hex() == SHA256Digest.hex([]))
        stream.update(Array(text[..<3]))
        let snapshot = stream
        #expect(snapshot.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        stream.update(Array(text[3...]))
        #expect(stream.hex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(stream.hex() == stream.hex())
        var branch = snapshot
        branch.update(Array("d".utf8))
        #expect(branch.hex() == SHA256Digest.hex(Array("abcd".utf8)))
        #expect(snapshot.hex() == SHA256Digest.hex(Array("abc".utf8)))
    }

    @Test func writeIfChangedLeavesEqualContentAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-storage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a/b/page.html")
        #expect(try AtomicFile.writeIfChanged(Data("one".utf8), to: file))
        let past = Date(timeIntervalSince1970: 1_000_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: file.path)
        #expect(try !AtomicFile.writeIfChanged(Data("one".utf8), to: file))
        let kept = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        #expect(kept == past)
        #expect(try AtomicFile.writeIfChanged(Data("two".utf8), to: file))
        #expect(FileManager.default.contents(atPath: file.path) == Data("two".utf8))
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["page.html"])
    }
}
