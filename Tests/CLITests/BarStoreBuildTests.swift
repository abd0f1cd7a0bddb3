import Foundation
import Testing

@testable import Workflows

/// The bar store as builds use it: written by the first build that parses a data file, taken by
/// the next, and a damaged one never trusted.
@Suite struct BarStoreBuildTests {
    static func stores(_ project: BuildFixture) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent(".backlab/cache/bars").path)) ?? [])
            .filter { $0.hasSuffix(".bars") }.sorted()
    }

    /// Flips `mask` into byte `offset` (from the end when negative) of the project's store `name`.
    static func damage(_ project: BuildFixture, store name: String, at offset: Int, mask: UInt8) throws -> (url: URL, data: Data) {
        let url = project.root.appendingPathComponent(".backlab/cache/bars/\(name)")
        var data = try Data(contentsOf: url)
        data[offset < 0 ? data.count + offset : offset] ^= mask
        try data.write(to: url)
        return (url, data)
    }

    /// Removes the project's results (cache packs and output), so its next build runs again.
    static func forgetResults(_ project: BuildFixture) throws {
        for folder in [".backlab/cache/packs", "output"] {
            try FileManager.default.removeItem(at: project.root.appendingPathComponent(folder))
        }
    }

    @Test func aBuildWritesTheStoreTheNextTakesItADamagedOneIsRebuiltWithAWarningAndAnEditMakesANewOne() throws {
        let project = try BuildFixture.standard()
        let first = try project.build()
        #expect(first.status == 0, "\(first.stderr)")
        let stores = Self.stores(project)
        #expect(stores.count == 1)
        let results = try project.read("output/single/results.csv")
        // Results not cached, store present: the same results, no warning.
        try Self.forgetResults(project)
        let warm = try project.build()
        #expect(warm.status == 0 && !warm.stderr.contains("bar store"), "\(warm.stderr)")
        #expect(try project.read("output/single/results.csv") == results)
        // A byte of a column flipped: a warning naming the file, the same results, a good store again.
        let (url, data) = try Self.damage(project, store: stores[0], at: -5, mask: 0x40)
        try Self.forgetResults(project)
        let repaired = try project.build()
        #expect(repaired.status == 0)
        #expect(repaired.stderr.contains("warning: studies/data/bars.csv: its bar store"), "\(repaired.stderr)")
        #expect(repaired.stderr.contains("checksum does not match"))
        #expect(try project.read("output/single/results.csv") == results)
        #expect(try Data(contentsOf: url) != data)
        // An edited CSV is another key: a new store in place of the old one, and results of the
        // new bars.
        let csv = try project.read("studies/data/bars.csv")
        try project.write("studies/data/bars.csv", csv.split(separator: "\n").prefix(251).joined(separator: "\n") + "\n")
        let edited = try project.build()
        #expect(edited.status == 0 && !edited.stderr.contains("bar store"), "\(edited.stderr)")
        let newStores = Self.stores(project)
        #expect(newStores.count == 1 && newStores != stores, "\(newStores)")
        #expect(try project.read("output/single/results.csv") != results)
        // plan reads, and neither writes nor removes a store.
        try project.write("studies/data/bars.csv", csv.split(separator: "\n").prefix(201).joined(separator: "\n") + "\n")
        _ = try BacklabBinary.run(["plan"], in: project.root)
        #expect(Self.stores(project) == newStores)
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
        let (url, data) = try Self.damage(project, store: stores[0], at: 400, mask: 0x01)
        try Self.forgetResults(project)
        let again = try project.build()
        #expect(again.status == 0)
        #expect(again.stderr.contains("warning: synthetic data: its bar store"), "\(again.stderr)")
        #expect(again.stderr.contains("made the bars again and replaced it"), "\(again.stderr)")
        #expect(try project.read("output/big/results.csv") == results)
        #expect(try Data(contentsOf: url) != data)
    }

    /// The fingerprint memo trusts a file whose path, size, mtime and inode are unchanged. If its
    /// bytes changed all the same and its store is gone, the runs would read new bars under the
    /// old hashes: the read at run time checks the bytes against the plan, and the study that
    /// reads the file is broken (exit 1) while the others build.
    @Test func aFileChangedUnderAnUnchangedStampBreaksItsStudyNotTheCache() throws {
        let project = try BuildFixture.standard()
        #expect(try project.build().status == 0)
        let csv = project.root.appendingPathComponent("studies/data/bars.csv").path
        var before = stat()
        #expect(stat(csv, &before) == 0)
        // One volume digit changed in place: same size, same inode; then the old mtime again.
        var text = Array(try project.read("studies/data/bars.csv").utf8)
        let lineEnd = text.firstIndex(of: 10)!
        let secondEnd = text[(lineEnd + 1)...].firstIndex(of: 10)!
        let digit = text[..<secondEnd].lastIndex { $0 >= 49 && $0 <= 57 }!
        text[digit] = text[digit] == 57 ? 49 : text[digit] + 1
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: csv))
        try handle.write(contentsOf: Data(text))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, csv, &times, 0) == 0)
        var after = stat()
        #expect(stat(csv, &after) == 0 && after.st_ino == before.st_ino && after.st_size == before.st_size)
        for folder in [".backlab/cache/bars", ".backlab/cache/packs", "output"] {
            try FileManager.default.removeItem(at: project.root.appendingPathComponent(folder))
        }
        let build = try project.build()
        #expect(build.status == 1, "\(build.stderr)")
        #expect(build.stderr.contains("studies/data/bars.csv: error: the data file changed during the build"), "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/single/results.csv").path))
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/grid/results.csv").path))
        #expect(Self.stores(project).isEmpty)
    }

    /// A first build of several large markets holds no more sources between its steps than it
    /// has workers: the others are hashed, checked and let go, and read again from their stores
    /// when their runs start. The results are those of a build that held them all.
    @Test func aFirstBuildOfManyMarketsHoldsAsManySourcesAsWorkers() throws {
        var files: [String: String] = [:]
        for market in 0..<4 {
            files["gen\(market).yaml"] =
                "data: {synthetic: {seed: \(market + 1), bars: 400}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
        }
        files["studies/m/run.yaml"] =
            "data: {glob: ../data/*.csv}\nstrategy: {signal_generator: {plugin: sma_cross, params: {fast: 5, slow: 20}}}\n"
        let project = try BuildFixture(files: files)
        for market in 0..<4 {
            _ = try BacklabBinary.run(["export-data", "gen\(market).yaml", "-o", "studies/data/m\(market).csv"], in: project.root)
        }
        for jobs in [1, 2] {
            var options = BuildOptions(directory: project.root, jobs: jobs)
            options.cache = project.root.appendingPathComponent("cache-\(jobs)")
            var build = BuildContext(options: options)
            BuildPipeline(steps: [LoadStudiesStep(), PlanStep(), LoadDataStep()]).run(&build)
            #expect(build.report.diagnostics.isEmpty, "\(build.report.diagnostics)")
            #expect(build.sources.count <= jobs, "\(build.sources.count) sources held with --jobs \(jobs)")
        }
        let one = try project.build(["--jobs", "1", "--cache", "c1", "--output", "o1"])
        let two = try project.build(["--jobs", "2", "--cache", "c2", "--output", "o2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        #expect(try project.read("o1/m/results.csv") == project.read("o2/m/results.csv"))
        #expect(try project.read("o1/m/results.csv").split(separator: "\n").count == 5)
    }
}
