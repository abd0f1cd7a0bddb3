import Foundation
import Testing

/// The bar store as builds use it: written by the first build that parses a data file, taken by
/// the next, and a damaged one never trusted.
@Suite struct BarStoreBuildTests {
    static func stores(_ project: BuildFixture) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent(".backlab/cache/bars").path)) ?? [])
            .filter { $0.hasSuffix(".bars") }.sorted()
    }

    @Test func aBuildWritesTheStoreTheNextTakesItADamagedOneIsRebuiltWithAWarningAndAnEditMakesANewOne() throws {
        let project = try BuildFixture.standard()
        let first = try project.build()
        #expect(first.status == 0, "\(first.stderr)")
        let stores = Self.stores(project)
        #expect(stores.count == 1)
        let results = try project.read("output/single/results.csv")
        // Results not cached, store present: the same results, no warning.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".backlab/cache/packs"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output"))
        let warm = try project.build()
        #expect(warm.status == 0 && !warm.stderr.contains("bar store"), "\(warm.stderr)")
        #expect(try project.read("output/single/results.csv") == results)
        // A byte of a column flipped: a warning naming the file, the same results, a good store again.
        let url = project.root.appendingPathComponent(".backlab/cache/bars/\(stores[0])")
        var data = try Data(contentsOf: url)
        data[data.count - 5] ^= 0x40
        try data.write(to: url)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".backlab/cache/packs"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output"))
        let repaired = try project.build()
        #expect(repaired.status == 0)
        #expect(repaired.stderr.contains("warning: studies/data/bars.csv: its bar store"), "\(repaired.stderr)")
        #expect(repaired.stderr.contains("checksum does not match"))
        #expect(try project.read("output/single/results.csv") == results)
        #expect(try Data(contentsOf: url) != data)
        // An edited CSV is another key: a new store, and results of the new bars.
        let csv = try project.read("studies/data/bars.csv")
        try project.write("studies/data/bars.csv", csv.split(separator: "\n").prefix(251).joined(separator: "\n") + "\n")
        let edited = try project.build()
        #expect(edited.status == 0 && !edited.stderr.contains("bar store"), "\(edited.stderr)")
        #expect(Self.stores(project).count == 2)
        #expect(try project.read("output/single/results.csv") != results)
        // plan reads, and writes no store.
        try project.write("studies/data/bars.csv", csv.split(separator: "\n").prefix(201).joined(separator: "\n") + "\n")
        _ = try BacklabBinary.run(["plan"], in: project.root)
        #expect(Self.stores(project).count == 2)
    }

    /// A large synthetic source gets a store too (keyed by its parameters and the engine
    /// version); a small one, generated in microseconds, gets none.
    @Test func aLargeSyntheticSourceIsStoredAndASmallOneIsNot() throws {
        let project = try BuildFixture(files: [
            "studies/big/run.yaml":
                "data: {synthetic: {seed: 4, bars: 100000, timeframe: 1m}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n",
            "studies/small/run.yaml":
                "data: {synthetic: {seed: 4, bars: 99999, timeframe: 1m}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n",
        ])
        let first = try project.build()
        #expect(first.status == 0, "\(first.stderr)")
        let stores = Self.stores(project)
        #expect(stores.count == 1)
        let results = try project.read("output/big/results.csv")
        // Taken by the next build: a flipped byte is noticed, and the bars made again are the same.
        let url = project.root.appendingPathComponent(".backlab/cache/bars/\(stores[0])")
        var data = try Data(contentsOf: url)
        data[400] ^= 0x01
        try data.write(to: url)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".backlab/cache/packs"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output"))
        let again = try project.build()
        #expect(again.status == 0)
        #expect(again.stderr.contains("warning: synthetic data: its bar store"), "\(again.stderr)")
        #expect(again.stderr.contains("made the bars again and replaced it"), "\(again.stderr)")
        #expect(try project.read("output/big/results.csv") == results)
        #expect(try Data(contentsOf: url) != data)
    }
}
