import Foundation
import Testing

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
        for entry in project.cacheEntries().prefix(3) { try FileManager.default.removeItem(at: entry) }
        let again = try project.build()
        #expect(again.stdout.hasPrefix("  grid: 8 runs, 3 ran, 5 cached\n"), "\(again.stdout)")
        #expect(again.stderr.contains("warning: grid: 3\(Self.warningTail)"), "\(again.stderr)")
    }

    @Test func anEntryRewrittenUnderTheOutputIsReadAgainAndRunWhenDamaged() throws {
        let project = try built()
        let victim = project.cacheEntries()[0]
        let bytes = try Data(contentsOf: victim)
        // Truncated: its size changed.
        try bytes.prefix(bytes.count / 2).write(to: victim)
        let truncated = try project.build()
        #expect(truncated.stdout.hasPrefix("  grid: 8 runs, 1 ran, 7 cached\n"), "\(truncated.stdout)")
        #expect(truncated.stderr.contains("warning: grid: 1\(Self.warningTail)"))
        #expect(truncated.stderr.contains("is damaged (truncated: "))
        // A byte changed, size kept but the file rewritten: its stamp changed, so it is read,
        // fails its checksum and runs again.
        var flipped = try Data(contentsOf: victim)
        flipped[flipped.count - 1] ^= 0xFF
        try flipped.write(to: victim)
        let changed = try project.build()
        #expect(changed.stdout.hasPrefix("  grid: 8 runs, 1 ran, 7 cached\n"), "\(changed.stdout)")
        #expect(changed.stderr.contains("is damaged (checksum mismatch); running it again"), "\(changed.stderr)")
        #expect(try Data(contentsOf: victim) == bytes)
    }

    @Test func theMarkerListsEveryEntryAndAnOlderMarkerIsCheckedAgainstTheCache() throws {
        let project = try built()
        let lines = try project.read(Self.marker).split(separator: "\n")
        // The inputs' digest, the runs and the entries, then one line per entry: hash and stamp.
        #expect(lines[0].split(separator: " ").map(\.count).prefix(1) == [64] && lines[0].hasSuffix(" 8 8"))
        let listed = Set(lines.dropFirst().map { String($0.prefix(64)) })
        #expect(listed == Set(project.cacheEntries().map { $0.deletingPathExtension().lastPathComponent }))
        // The marker of a build before this one (digest and runs only): checked, nothing runs.
        try project.write(Self.marker, "\(lines[0].split(separator: " ")[0]) 8\n")
        let again = try project.build()
        #expect(again.stdout.hasPrefix("  grid: 8 runs, 0 ran, 8 cached\n"), "\(again.stdout)")
        #expect(try project.build().stdout.hasPrefix("  grid: 8 runs, up to date\n"))
    }
}
