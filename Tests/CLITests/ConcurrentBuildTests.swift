import Foundation
import Storage
import Testing
import Workflows

/// Two processes on one output folder or cache (DESIGN section 10): the second build waits for
/// the first, or stops at once with --no-wait, and `clean --cache` waits for the builds using the
/// cache. The test holds the locks itself, so nothing depends on timing.
@Suite struct ConcurrentBuildTests {
    static let study = [
        "studies/one/run.yaml": "data: {synthetic: {seed: 1, bars: 200}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
    ]

    @Test func aSecondBuildOfTheSameOutputStopsWithNoWaitAndOtherwiseWaits() throws {
        let project = try BuildFixture(files: Self.study)
        let lock = try FileLock.acquire(project.root.appendingPathComponent("output/.backlab-lock"), exclusive: true, wait: false)
        let refused = try project.build(["--no-wait"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "error: output is being built by process \(getpid())\n"
                + "  hint: wait for that build to finish, or build into another folder with --output\n")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/index.html").path))
        // Without --no-wait it waits: still running, nothing written, until the lock is free.
        let waiting = try BacklabBinary.start(["build"], in: project.root)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(waiting.0.isRunning)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/index.html").path))
        lock.release()
        let result = BacklabBinary.finish(waiting, killAfter: 60)
        #expect(result.status == 0)
        #expect(result.stderr.hasPrefix("waiting: output is being built by process \(getpid()) (--no-wait stops instead)\n0/1 runs"))
        #expect(result.stdout.hasPrefix("  one: 1 run, 1 ran, 0 cached\n"))
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/one/index.html").path))
    }

    @Test func buildsOfOtherOutputsShareTheCacheAndCleanWaitsForThem() throws {
        let project = try BuildFixture(files: Self.study)
        // A build holding the cache (shared): another output's build goes ahead at once.
        let user = try FileLock.acquire(
            project.root.appendingPathComponent(".backlab/cache/.backlab-cache-lock"), exclusive: false, wait: false)
        let other = try project.build(["--no-wait", "--output", "other"])
        #expect(other.status == 0, "\(other.stderr)")
        // clean --cache waits for it, then empties the cache but keeps its lock file.
        let clean = try BacklabBinary.start(["clean", "--cache"], in: project.root)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(clean.0.isRunning)
        #expect(!project.cacheEntries().isEmpty)
        user.release()
        let cleaned = BacklabBinary.finish(clean, killAfter: 60)
        #expect(cleaned.status == 0)
        #expect(cleaned.stderr.hasPrefix("waiting: builds are using the cache "), "\(cleaned.stderr)")
        #expect(project.cacheEntries().isEmpty)
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent(".backlab/cache/.backlab-cache-lock").path))
    }

    /// (The merge, in one process; the lock around it is the one the other tests prove.)
    @Test func aLedgerSavedOverAnotherMergesInsteadOfOverwriting() throws {
        let folder = try BacklabBinary.folder([:])
        var first = TrialLedger(folder: folder, study: "s")
        var second = TrialLedger(folder: folder, study: "s")
        let a = String(repeating: "a", count: 64)
        let b = String(repeating: "b", count: 64)
        first.record([a])
        second.record([b])
        try first.save()
        try second.save()
        #expect(second.count == 2)
        #expect(TrialLedger(folder: folder, study: "s").trials == [a, b])
    }
}
