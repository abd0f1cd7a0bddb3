import Foundation
import Testing

/// A full disk or a read-only folder while a build writes (DESIGN section 10), for real: the
/// cache or the output on a small tmpfs that fills up. Each ends in an error naming the path and
/// exit 1; no file is left half-written (every file there equals a good build's, no temporary
/// files); the next build, with room again, heals to a good build's output byte for byte.
///
/// Mounting needs root with CAP_SYS_ADMIN, as the test command has on these machines; elsewhere
/// the suite is skipped (and says so).
@Suite(.enabled(if: TmpfsMount.allowed, "mounting a tmpfs is not allowed here"), .serialized)
struct FullDiskTests {
    /// The one-study project (8 grid runs, 57 files of output) and a good build of it elsewhere.
    static func project() throws -> (BuildFixture, [String: Data]) {
        let project = try BuildFixture(files: [
            "studies/grid/run.yaml": BuildFixture.gridRun, "studies/grid/optimization.yaml": BuildFixture.gridPlan,
        ])
        let good = try project.build(["--quiet", "--output", "good", "--cache", "good-cache"])
        #expect(good.status == 0)
        return (project, try files(project.root.appendingPathComponent("good")))
    }

    /// Every file under `folder` but the lock and the markers (which record this cache's entry
    /// stamps), with its bytes.
    static func files(_ folder: URL) throws -> [String: Data] {
        var found: [String: Data] = [:]
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) ?? .init() {
            guard !url.hasDirectoryPath, ![".backlab-lock", ".backlab-inputs"].contains(url.lastPathComponent) else { continue }
            found[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return found
    }

    @Test func aFullCacheIsAnErrorNamingTheEntryAndTheNextBuildRunsWhatWasNotKept() throws {
        let (project, good) = try Self.project()
        let mount = try TmpfsMount(at: project.root.appendingPathComponent("small"), kilobytes: 40)
        defer { mount.remove() }
        let full = try project.build(["--quiet", "--cache", "small/cache"])
        #expect(full.status == 1)
        let lines = full.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(full.stderr)")
        #expect(lines.first?.hasPrefix("error: [run backtests] cannot write the cache entry \(mount.path)/cache/packs/") == true)
        #expect(lines.first?.contains(".pack: No space left on device (and ") == true, "\(full.stderr)")
        #expect(lines.last == "  hint: free space on that disk (or choose another with --cache): those runs run again next time")
        // This build's site is whole (it had its results in memory), on the roomy disk.
        #expect(try Self.files(project.root.appendingPathComponent("output")) == good)
        let kept = project.cacheEntries(in: "small/cache").count
        #expect(kept > 0 && kept < 8)
        // The runs that could not be written made no pack each: the first failure stopped the writes.
        let packs = try FileManager.default.contentsOfDirectory(atPath: mount.path + "/cache/packs").filter { $0.hasSuffix(".pack") }
        #expect(packs.count <= 2, "\(packs)")
        try mount.resize(kilobytes: 4096)
        let healed = try project.build(["--cache", "small/cache"])
        #expect(healed.status == 0, "\(healed.stderr)")
        #expect(healed.stdout.hasPrefix("  grid: 8 runs, \(8 - kept) ran, \(kept) cached\n"), "\(healed.stdout)")
        #expect(try Self.files(project.root.appendingPathComponent("output")) == good)
    }

    @Test func aFullOutputLeavesNoFileHalfWrittenAndTheNextBuildHeals() throws {
        let (project, good) = try Self.project()
        let mount = try TmpfsMount(at: project.root.appendingPathComponent("small"), kilobytes: 300)
        defer { mount.remove() }
        let full = try project.build(["--quiet", "--output", "small/out"])
        #expect(full.status == 1)
        #expect(full.stderr.hasPrefix("error: [write site] cannot write \(mount.path)/out/"), "\(full.stderr)")
        #expect(full.stderr.contains(": No space left on device\n"))
        // What was written is whole: each file equals the good build's (the index lists only the
        // studies written whole, none here), and no temporary is left.
        let written = try Self.files(mount.url.appendingPathComponent("out"))
        #expect(!written.isEmpty && written.count < good.count)
        for (path, bytes) in written where path != "/index.html" { #expect(good[path] == bytes, "\(path) is not a good build's") }
        #expect(String(decoding: written["/index.html"] ?? Data(), as: UTF8.self).hasSuffix("</html>\n"))
        #expect(written.keys.allSatisfy { !$0.hasSuffix(".tmp") })
        try mount.resize(kilobytes: 8192)
        let healed = try project.build(["--quiet", "--output", "small/out"])
        #expect(healed.status == 0, "\(healed.stderr)")
        #expect(try Self.files(mount.url.appendingPathComponent("out")) == good)
    }

    @Test func aDamagedEntryInAReadOnlyCacheStillShowsAndIsNotCountedCached() throws {
        let (project, good) = try Self.project()
        let mount = try TmpfsMount(at: project.root.appendingPathComponent("small"), kilobytes: 8192)
        defer { mount.remove() }
        #expect(try project.build(["--quiet", "--cache", "small/cache", "--output", "first"]).status == 0)
        try project.damageCacheEntry(project.cacheEntries(in: "small/cache")[0], in: "small/cache")
        try mount.remount(readOnly: true)
        // The damaged entry runs again and cannot be replaced: an error, but the site is whole
        // (the result is kept in memory, read before the damaged file).
        let readOnly = try project.build(["--cache", "small/cache"])
        #expect(readOnly.status == 1)
        #expect(readOnly.stdout.hasPrefix("  grid: 8 runs, 1 ran, 7 cached\n"), "\(readOnly.stdout)")
        #expect(readOnly.stderr.contains(": Read-only file system\n"), "\(readOnly.stderr)")
        #expect(readOnly.stderr.contains("hint: the file system is mounted read-only: remount it, or write elsewhere"))
        #expect(try Self.files(project.root.appendingPathComponent("output")) == good)
        // Not "up to date" next time: the entry is still damaged, so it runs again.
        try mount.remount(readOnly: false)
        let healed = try project.build(["--cache", "small/cache"])
        #expect(healed.status == 0, "\(healed.stderr)")
        #expect(healed.stdout.hasPrefix("  grid: 8 runs, 1 ran, 7 cached\n"), "\(healed.stdout)")
        #expect(try project.build(["--cache", "small/cache"]).stdout.hasPrefix("  grid: 8 runs, up to date\n"))
    }

    @Test func aReadOnlyOutputIsAnErrorNamingTheFileAndChangesNothing() throws {
        let (project, good) = try Self.project()
        let mount = try TmpfsMount(at: project.root.appendingPathComponent("small"), kilobytes: 8192)
        defer { mount.remove() }
        #expect(try project.build(["--quiet", "--output", "small/out"]).status == 0)
        // An edit, then a build into the output made read-only.
        try project.write("studies/grid/run.yaml", BuildFixture.gridRun.replacingOccurrences(of: "seed: 3", with: "seed: 4"))
        try mount.remount(readOnly: true)
        let refused = try project.build(["--quiet", "--output", "small/out"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot write \(mount.path)/out/"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Read-only file system"), "\(refused.stderr)")
        #expect(try Self.files(mount.url.appendingPathComponent("out")) == good, "the old site stays whole")
        try mount.remount(readOnly: false)
        let healed = try project.build(["--quiet", "--output", "small/out"])
        #expect(healed.status == 0, "\(healed.stderr)")
        let edited = try project.build(["--quiet", "--output", "edited", "--cache", "edited-cache"])
        #expect(edited.status == 0)
        #expect(try Self.files(mount.url.appendingPathComponent("out")) == Self.files(project.root.appendingPathComponent("edited")))
    }
}

/// A tmpfs of a given size mounted at a folder, for as long as the test needs it.
struct TmpfsMount {
    let url: URL
    var path: String { url.path }

    /// Whether this process may mount (tried once, on a scratch folder).
    static let allowed: Bool = {
        guard
            let probe = try? TmpfsMount(
                at: FileManager.default.temporaryDirectory.appendingPathComponent("backlab-mount-\(UUID().uuidString)"), kilobytes: 16)
        else { return false }
        probe.remove()
        return true
    }()

    init(at url: URL, kilobytes: Int) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Self.mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", url.path])
    }

    /// Grows or shrinks it, keeping what it holds.
    func resize(kilobytes: Int) throws { try Self.mount(["-o", "remount,size=\(kilobytes)k", url.path]) }

    func remount(readOnly: Bool) throws { try Self.mount(["-o", readOnly ? "remount,ro" : "remount,rw", url.path]) }

    func remove() {
        _ = try? Self.mount([url.path], program: "/bin/umount")
        try? FileManager.default.removeItem(at: url)
    }

    private static func mount(_ arguments: [String], program: String = "/bin/mount") throws {
        let result = try BacklabBinary.run(arguments, program: URL(fileURLWithPath: program))
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
    }
}
