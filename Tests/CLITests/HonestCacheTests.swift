import Foundation
import Testing
import Workflows

/// "Up to date" and "cached" are true statements about results that can be read (DESIGN section
/// 10): output kept while the cache is deleted, pruned or damaged makes the affected runs run
/// again, and the build says so.
@Suite struct HonestCacheTests {
    static let marker = "output/grid/.backlab-inputs"
    static let warningTail = " of the 8 cache entries its output was built from are gone from "

    /// The one-study project: 8 grid runs, built once.
    func built() throws -> BuildFixture {
        let project = try BuildFixture(files: [
            "studies/grid/run.yaml": BuildFixture.gridRun, "studies/grid/optimization.yaml": BuildFixture.gridPlan,
        ])
        let first = try project.build()
        #expect(first.stdout.hasPrefix("  grid: 8 runs, 8 ran, 0 cached\n"), "\(first.stdout)")
        return project
    }

    @Test func aDeletedCacheRunsEverythingAgainAndSaysSo() throws {
        let project = try built()
        let results = try project.read("output/grid/results.csv")
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".backlab/cache"))
        let plan = try BacklabBinary.run(["plan"], in: project.root)
        #expect(plan.stdout.contains("8 to run"), "\(plan.stdout)")
        let again = try project.build()
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("  grid: 8 runs, 8 ran, 0 cached\n"), "not up to date: \(again.stdout)")
        #expect(
            again.stderr.contains(
                "warning: grid: 8\(Self.warningTail)\(project.root.appendingPathComponent(".backlab/cache").path) or changed: "
                    + "its runs are checked again, and those missing run again\n"), "\(again.stderr)")
        #expect(try project.read("output/grid/results.csv") == results, "the same results, from the runs run again")
        #expect(project.cacheEntries().count == 8)
        let third = try project.build()
        #expect(third.stdout.hasPrefix("  grid: 8 runs, up to date\n") && third.stderr.isEmpty, "\(third.stdout)\(third.stderr)")
    }

    @Test func aPrunedCacheRunsOnlyWhatIsGone() throws {
        let project = try built()
        try project.removeCacheEntries(project.cacheEntries().prefix(3))
        let again = try project.build()
        #expect(again.stdout.hasPrefix("  grid: 8 runs, 3 ran, 5 cached\n"), "\(again.stdout)")
        #expect(again.stderr.contains("warning: grid: 3\(Self.warningTail)"), "\(again.stderr)")
    }

    @Test func anEntryWithOtherContentIsReadAgainAndADamagedOneRunsWhenRead() throws {
        let project = try built()
        let cache = ResultCache(directory: project.root.appendingPathComponent(".backlab/cache"))
        let hash = project.cacheEntries()[0]
        // Another record for the hash, newer, with other content (not a result this version
        // reads): the stamp changed, so the entry is read again, and its run runs again.
        try cache.write(hash, payload: Data("not a result".utf8))
        cache.finishWrites()
        let rewritten = try project.build()
        #expect(rewritten.stdout.hasPrefix("  grid: 8 runs, 1 ran, 7 cached\n"), "\(rewritten.stdout)")
        #expect(rewritten.stderr.contains("warning: grid: 1\(Self.warningTail)"), "\(rewritten.stderr)")
        #expect(try project.build().stdout.hasPrefix("  grid: 8 runs, up to date\n"))
        // A byte flipped inside a record keeps its stamp (the checksum its index names): the
        // output built from it is still whole, so the study stays up to date; the first build
        // that reads the entry finds the damage and runs it again.
        try project.damageCacheEntry(project.cacheEntries()[1])
        #expect(try project.build().stdout.hasPrefix("  grid: 8 runs, up to date\n"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output"))
        let damaged = try project.build()
        #expect(damaged.stdout.hasPrefix("  grid: 8 runs, 1 ran, 7 cached\n"), "\(damaged.stdout)")
        #expect(damaged.stderr.contains("is damaged (checksum mismatch); running it again"), "\(damaged.stderr)")
    }

    @Test func theMarkerListsEveryEntryAndAnOlderMarkerIsCheckedAgainstTheCache() throws {
        let project = try built()
        let lines = try project.read(Self.marker).split(separator: "\n")
        // The inputs' digest, the runs and the entries, then one line per entry: hash and stamp.
        #expect(lines[0].split(separator: " ").map(\.count).prefix(1) == [64] && lines[0].hasSuffix(" 8 8"))
        let listed = Set(lines.dropFirst().map { String($0.prefix(64)) })
        #expect(listed == Set(project.cacheEntries()))
        // The marker of a build before this one (digest and runs only): checked, nothing runs.
        try project.write(Self.marker, "\(lines[0].split(separator: " ")[0]) 8\n")
        let again = try project.build()
        #expect(again.stdout.hasPrefix("  grid: 8 runs, 0 ran, 8 cached\n"), "\(again.stdout)")
        #expect(try project.build().stdout.hasPrefix("  grid: 8 runs, up to date\n"))
    }
}
