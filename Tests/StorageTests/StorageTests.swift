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
