import Foundation
import Report
import Testing
import Workflows

/// `backlab build` as a make-like tool: the real binary on fixture projects.
@Suite struct BuildCommandTests {
    @Test func aSecondBuildRunsNothingAndRewritesNoFile() throws {
        let project = try BuildFixture.standard()
        let first = try project.build()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("  grid: 8 runs, 8 ran, 0 cached\n"))
        #expect(first.stdout.contains("  variants: 3 runs, 3 ran, 0 cached\n"))
        #expect(first.stdout.contains("  single: 1 run, 1 ran, 0 cached\n"))
        let output = project.snapshot("output")
        let cache = project.snapshot(".backlab")
        for file in [
            "/grid/results.csv", "/grid/results.json", "/single/results.json", "/variants/results.csv", "/index.html", "/grid/index.html",
            "/grid/charts/heatmap.png", "/variants/charts/variants-metrics.png", "/single/index.html", "/assets/table.js",
        ] {
            #expect(output[file] != nil, "\(file)")
        }
        Thread.sleep(forTimeInterval: 0.05)
        let second = try project.build()
        #expect(second.status == 0)
        let lines = second.stdout.split(separator: "\n").map(String.init)
        #expect(lines.dropLast() == ["  grid: 8 runs, up to date", "  single: 1 run, up to date", "  variants: 3 runs, up to date"])
        // The last line ends with the elapsed time, e.g. "in 0.12 s".
        let summary = "built 3 studies: 0 ran, 12 cached, 0 failed, 0 files written in "
        let last = try #require(lines.last)
        #expect(last.hasPrefix(summary) && last.hasSuffix(" s") && Double(last.dropFirst(summary.count).dropLast(2)) != nil, "\(last)")
        #expect(project.snapshot("output") == output)
        #expect(project.snapshot(".backlab") == cache)
    }

    @Test func changingOneGridValueRunsOnlyTheNewConfigs() throws {
        let project = try BuildFixture.standard()
        _ = try project.build()
        try project.write(
            "studies/grid/optimization.yaml", BuildFixture.gridPlan.replacingOccurrences(of: "[30, 40]", with: "[30, 40, 50]"))
        let again = try project.build()
        #expect(again.status == 0)
        #expect(again.stdout.contains("  grid: 12 runs, 4 ran, 8 cached\n"))
        #expect(again.stdout.contains("  variants: 3 runs, up to date\n"))
        #expect(try project.read("output/grid/results.csv").split(separator: "\n").count == 13)
    }

    @Test func editingTheDataFileRunsItsStudyAgain() throws {
        let project = try BuildFixture.standard()
        _ = try project.build()
        var lines = try project.read("studies/data/bars.csv").split(separator: "\n").map(String.init)
        var fields = lines[100].split(separator: ",").map(String.init)
        fields[5] = "12345"  // volume: a change that matters to the fingerprint, not to the prices
        lines[100] = fields.joined(separator: ",")
        try project.write("studies/data/bars.csv", lines.joined(separator: "\n") + "\n")
        let again = try project.build()
        #expect(again.stdout.contains("  single: 1 run, 1 ran, 0 cached\n"))
        #expect(again.stdout.contains("  grid: 8 runs, up to date\n"))
    }

    @Test func jobs1AndJobs2WriteByteIdenticalResults() throws {
        let project = try BuildFixture.standard()
        _ = try project.build(["--jobs", "1", "--output", "one", "--cache", "cache1"])
        _ = try project.build(["--jobs", "2", "--output", "two", "--cache", "cache2"])
        for file in ["grid/results.csv", "grid/results.json", "variants/results.csv", "variants/results.json", "single/results.json"] {
            let one = try project.read("one/\(file)")
            let two = try project.read("two/\(file)")
            #expect(one == two, "\(file)")
            #expect(one.count > 100)
        }
    }

    @Test func aDamagedCacheEntryIsRunAgainWithAWarning() throws {
        let project = try BuildFixture.standard()
        _ = try project.build()
        let entries = project.cacheEntries()
        #expect(entries.count == 12)
        let hash = entries[0]
        try project.damageCacheEntry(hash)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output"))
        let again = try project.build()
        #expect(again.status == 0)
        #expect(again.stderr.contains("warning: cache entry \(hash) is damaged (checksum mismatch); running it again"), "\(again.stderr)")
        #expect(again.stdout.contains("1 ran, 11 cached"))
        // The new record is the one read from now on.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output"))
        let third = try project.build()
        #expect(third.stderr.isEmpty && third.stdout.contains("0 ran, 12 cached"), "\(third.stdout)\(third.stderr)")
    }

    @Test func aFailingRunIsAFailedRowAndExitCode2() throws {
        let project = try BuildFixture.standard()
        let hash = try project.gridRunHash()
        let failing = try project.buildInProcess(failing: { $0 == hash })
        #expect(failing.exitCode == 2)
        #expect(failing.stepErrors.isEmpty)
        #expect(failing.summaryText(seconds: 0).contains("  grid: 8 runs, 8 ran, 0 cached, 1 FAILED\n"))
        let row = try project.read("output/grid/results.csv").split(separator: "\n")[3]
        #expect(row.contains(",error: injected failure (BuildOptions.failRun),\(hash)"))
        // The study's page lists the failure; the study has no marker, so the next build tries again.
        #expect(try project.read("output/grid/index.html").contains("injected failure (BuildOptions.failRun)"))
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/grid/.backlab-inputs").path))
        // The failure is not cached: the next build runs that one config again, and it passes.
        let healed = try project.build()
        #expect(healed.status == 0)
        #expect(healed.stdout.contains("  grid: 8 runs, 1 ran, 7 cached\n"))
    }

    @Test func aBrokenStudyDoesNotStopItsSiblings() throws {
        let project = try BuildFixture.standard()
        try project.write(
            "studies/grid/optimization.yaml", BuildFixture.gridPlan.replacingOccurrences(of: "params.fast:", with: "params.fsat:"))
        let result = try project.build(["--quiet"])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "studies/grid/optimization.yaml:3:3: error: unknown parameter 'strategy.signal_generator.params.fsat' (did you mean 'strategy.signal_generator.params.fast'?)\n"
            ))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/grid").path))
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/variants/results.csv").path))
    }

    @Test func planCountsWhatABuildWouldRun() throws {
        let project = try BuildFixture.standard()
        let before = try BacklabBinary.run(["plan", "--json"], in: project.root)
        #expect(
            before.stdout
                == "{\"total\": 12, \"cached\": 0, \"to_run\": 12, \"estimated_seconds\": null, \"studies\": [{\"id\": \"grid\", \"total\": 8, \"cached\": 0, \"to_run\": 8}, {\"id\": \"single\", \"total\": 1, \"cached\": 0, \"to_run\": 1}, {\"id\": \"variants\", \"total\": 3, \"cached\": 0, \"to_run\": 3}]}\n"
        )
        _ = try project.build(["grid"])
        let after = try BacklabBinary.run(["plan", "--json"], in: project.root)
        #expect(after.stdout.hasPrefix("{\"total\": 12, \"cached\": 8, \"to_run\": 4, \"estimated_seconds\": null"))
        // Once runs on the grid's data were measured, new grid points get an estimate.
        try project.write(
            "studies/grid/optimization.yaml", BuildFixture.gridPlan.replacingOccurrences(of: "[30, 40]", with: "[30, 40, 50]"))
        let grown = try BacklabBinary.run(["plan", "grid", "--json"], in: project.root)
        #expect(grown.stdout.hasPrefix("{\"total\": 12, \"cached\": 8, \"to_run\": 4, \"estimated_seconds\": "))
        #expect(!grown.stdout.contains("null"))
        let text = try BacklabBinary.run(["plan", "variants"], in: project.root)
        #expect(
            text.stdout
                == "  variants: 3 runs, 0 cached, 3 to run\n3 runs: 0 cached, 3 to run; no estimate yet (no measured runs on this data)\n")
        let unknown = try BacklabBinary.run(["plan", "gird"], in: project.root)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "studies: error: unknown study 'gird' (did you mean 'grid'?)\n  hint: studies: grid, single, variants\n")
    }

    @Test func cleanRemovesOnlyWhatBuildsWrote() throws {
        let project = try BuildFixture.standard()
        _ = try project.build()
        try project.write("output/notes.txt", "mine")
        let files = project.snapshot("output").count
        let clean = try BacklabBinary.run(["clean"], in: project.root)
        // All but the user's file and the lock file, which stays (see BuildLocks).
        #expect(clean.stdout == "removed \(files - 2) files from output\n")
        #expect(project.snapshot("output").keys.sorted() == ["/.backlab-lock", "/notes.txt"])
        #expect(project.cacheEntries().count == 12)
        _ = try BacklabBinary.run(["clean", "--cache"], in: project.root)
        #expect(project.cacheEntries().isEmpty)
    }
}
