import Foundation
import FuzzTargets
import Testing

/// Every input of the committed fuzz corpus (`Fuzz/corpus/TARGET/`) and every crash the fuzzer
/// ever found (`Fuzz/crashes/TARGET/`, each fixed) goes through its target again: none may trap.
/// A trap ends this test process, so a regression cannot pass unnoticed.
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ kind: String, _ target: String) -> [URL] {
        let folder = root.appendingPathComponent(kind).appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTargets.all.keys.sorted()) func theCorpusAndEveryCrashFoundRunWithoutATrap(_ target: String) throws {
        let corpus = Self.inputs("corpus", target)
        #expect(corpus.count >= 5, "a seed corpus for \(target)")
        let run = try #require(FuzzTargets.all[target])
        for input in corpus + Self.inputs("crashes", target) { run(try Data(contentsOf: input)) }
    }
}
