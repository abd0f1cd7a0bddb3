import Foundation
import Testing

/// Input made to exhaust the tool (DESIGN section 10): it ends in a located error, exit 1, with
/// the sibling studies built. (Peak memory of the alias bomb, measured by hand: 140 MB release,
/// 150 MB debug; `wait4` from the test runner reports the runner's own memory too, since
/// posix_spawn shares its memory until exec, so the bound is not asserted here.)
@Suite struct HostileInputTests {
    static let sibling = "data: {synthetic: {seed: 1, bars: 200}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"

    /// Ten levels of `[*x, *x, ...]`, ten aliases each: 10^10 values written out, in 600 bytes.
    static let aliasBomb =
        "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        + (1...9).map { level in "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        .joined() + sibling

    @Test func aliasesThatExpandExponentiallyAreAnErrorInBoundedMemory() throws {
        let project = try BuildFixture(files: ["studies/bomb/run.yaml": Self.aliasBomb, "studies/other/run.yaml": Self.sibling])
        let result = try project.build(["--quiet"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "studies/bomb/run.yaml:1:37: error: the YAML holds more than a million values once its aliases (*name) are written out\n"
                + "  hint: write the values out without nested aliases; a study needs far fewer\n", "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/other/index.html").path))
    }

    @Test func anOversizedYAMLFileIsAnError() throws {
        let big = Self.sibling + "description: \"" + String(repeating: "x", count: 9 << 20) + "\"\n"
        let project = try BuildFixture(files: ["studies/big/run.yaml": big, "studies/other/run.yaml": Self.sibling])
        let result = try project.build(["--quiet"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "studies/big/run.yaml:1:1: error: the file is \(big.utf8.count) bytes, more than the 8388608 a YAML file may have\n"
                + "  hint: a study's YAML files are a few kilobytes: is this the right file?\n", "\(result.stderr.prefix(300))")
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/other/index.html").path))
    }

    @Test func aliasesWithinTheBoundStillWork() throws {
        // A value written once and used again by alias is fine.
        let yaml = "name: &n Trend\ndescription: *n\n" + Self.sibling
        let project = try BuildFixture(files: ["studies/alias/run.yaml": yaml])
        let result = try project.build(["--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try project.read("output/alias/index.html").contains("<h1>Trend</h1>"))
    }
}
