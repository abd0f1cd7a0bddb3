import Foundation
import Testing

/// Builds that are killed, interrupted or split across processes lose nothing and end with the
/// same results as one uninterrupted build.
@Suite(.serialized) struct ResumeAndShardTests {
    /// A grid of 234 runs on 20,000 bars: long enough (seconds) to be stopped halfway.
    static func slowProject() throws -> BuildFixture {
        try BuildFixture(files: [
            "studies/big/run.yaml": """
            data: {synthetic: {seed: 12, bars: 20000, timeframe: 1h}}
            strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}
            """,
            "studies/big/optimization.yaml": """
            objective: sharpe_ratio
            parameters:
              strategy.signal_generator.params.fast: {start: 2, end: 40, step: 1}
              strategy.signal_generator.params.slow: {values: [50, 60, 70, 80, 90, 100]}
            """,
        ])
    }

    /// Waits until the project's cache holds at least `count` entries (or 60 s pass).
    static func waitForEntries(_ project: BuildFixture, _ count: Int) {
        let deadline = Date().addingTimeInterval(60)
        while project.cacheEntries().count < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    static func reference() throws -> String {
        let project = try slowProject()
        let build = try project.build(["--quiet"])
        #expect(build.status == 0)
        return try project.read("output/big/results.csv")
    }

    @Test func aBuildKilledMidGridResumesWithOnlyWhatIsMissing() throws {
        let project = try Self.slowProject()
        let started = try BacklabBinary.start(["build", "--jobs", "1", "--quiet"], in: project.root)
        Self.waitForEntries(project, 20)
        kill(started.0.processIdentifier, SIGKILL)
        let killed = BacklabBinary.finish(started)
        #expect(killed.status == SIGKILL)
        let done = project.cacheEntries().count
        #expect(done >= 20 && done < 234)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/big/results.csv").path))
        let resumed = try project.build()
        #expect(resumed.status == 0)
        // Every finished run survived: the resumed build ran exactly the rest.
        #expect(resumed.stdout.contains("  big: 234 runs, \(234 - done) ran, \(done) cached\n"))
        #expect(try project.read("output/big/results.csv") == (try Self.reference()))
    }

    @Test func ctrlCStopsCleanlyWithExitCode130AndKeepsFinishedRuns() throws {
        let project = try Self.slowProject()
        let started = try BacklabBinary.start(["build", "--jobs", "1"], in: project.root)
        Self.waitForEntries(project, 10)
        kill(started.0.processIdentifier, SIGINT)
        let interrupted = BacklabBinary.finish(started)
        #expect(interrupted.status == 130)
        #expect(interrupted.stderr.contains("interrupted: finishing the runs in flight"))
        #expect(interrupted.stdout.contains("interrupted 1 study: "))
        let kept = project.cacheEntries().count
        #expect(kept >= 10 && kept < 234)
        let resumed = try project.build()
        #expect(resumed.stdout.contains("  big: 234 runs, \(234 - kept) ran, \(kept) cached\n"))
    }

    @Test func twoShardsAtOnceFillOneCacheAndTheResultsEqualASingleBuild() throws {
        let project = try Self.slowProject()
        let one = try BacklabBinary.start(["build", "--shard", "1/2", "--quiet"], in: project.root)
        let two = try BacklabBinary.start(["build", "--shard", "2/2", "--quiet"], in: project.root)
        let first = BacklabBinary.finish(one)
        let second = BacklabBinary.finish(two)
        #expect(first.status == 0 && second.status == 0)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/big").path))
        let plan = try BacklabBinary.run(["plan", "--json"], in: project.root)
        #expect(plan.stdout.hasPrefix("{\"total\": 234, \"cached\": 234, \"to_run\": 0,"))
        let render = try project.build()
        #expect(render.stdout.contains("  big: 234 runs, 0 ran, 234 cached\n"))
        #expect(try project.read("output/big/results.csv") == (try Self.reference()))
    }

    @Test func planDuringShardsCountsWhatEveryShardHasWrittenSoFar() throws {
        let project = try Self.slowProject()
        let one = try BacklabBinary.start(["build", "--shard", "1/2", "--jobs", "1", "--quiet"], in: project.root)
        let two = try BacklabBinary.start(["build", "--shard", "2/2", "--jobs", "1", "--quiet"], in: project.root)
        // While both write their packs (no index yet), plan reads every record whole so far.
        var seen: [Int] = []
        while one.0.isRunning && two.0.isRunning && seen.count < 200 {
            Thread.sleep(forTimeInterval: 0.05)
            let plan = try BacklabBinary.run(["plan", "--json"], in: project.root)
            let counts = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
            let cached = try #require(counts["cached"] as? Int)
            #expect(counts["total"] as? Int == 234 && counts["to_run"] as? Int == 234 - cached, "\(counts)")
            seen.append(cached)
        }
        #expect(seen == seen.sorted(), "\(seen)")
        #expect(BacklabBinary.finish(one).status == 0 && BacklabBinary.finish(two).status == 0)
        // Counts of runs done part-way, seen while both shards were still writing.
        #expect(seen.contains { $0 > 0 && $0 < 234 }, "plan never saw the shards part-way: \(seen)")
        let plan = try BacklabBinary.run(["plan", "--json"], in: project.root)
        #expect(plan.stdout.hasPrefix("{\"total\": 234, \"cached\": 234, \"to_run\": 0,"))
    }

    @Test func shardsSplitTheRunsBetweenThem() throws {
        let project = try Self.slowProject()
        let first = try project.build(["--shard", "1/3"])
        #expect(first.status == 0)
        let a = project.cacheEntries().count
        _ = try project.build(["--shard", "2/3"])
        let b = project.cacheEntries().count - a
        _ = try project.build(["--shard", "3/3"])
        let c = project.cacheEntries().count - a - b
        #expect(a + b + c == 234)
        #expect(a > 40 && b > 40 && c > 40)
        let bad = try project.build(["--shard", "4/3"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--shard must be K/N with 1 <= K <= N, e.g. --shard 2/8"))
    }
}
