import Foundation
import Testing

/// Input made to hang, exhaust or fool the tool (DESIGN section 10), through the real binary:
/// each ends in its located error and exit 1, with the sibling study built, in bounded time and
/// memory.
///
/// Time: every case is killed after 60 s (the debug binary; a hang, never a slow run, trips it).
/// Measured, release: each case under 0.5 s, the where-filtered grid of 20,000,000 combinations
/// at the bound 1.7 s. Memory: the peak that `--timings` reports (VmHWM, the process's own, which
/// `wait4` from this runner is not: posix_spawn shares the runner's memory until exec) is under
/// 200 MB for the YAML and grid cases.
@Suite struct HostileInputTests {
    static let strategy = "strategy: {signal_generator: {plugin: sma_cross}}\n"
    static let sibling = "data: {synthetic: {seed: 1, bars: 200}}\n" + strategy
    static let fast = "strategy.signal_generator.params.fast"
    static let slow = "strategy.signal_generator.params.slow"

    /// A study folder `studies/bad` (its files, and what `prepare` makes there), the build's
    /// whole stderr (ROOT for the project's folder) and whether its peak memory is bounded.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        var files: [String: String]
        var prepare: @Sendable (URL) throws -> Void = { _ in }
        let stderr: String
        var boundedMemory = false
        var testDescription: String { name }
    }

    /// Ten levels of `[*x, *x, ...]`, ten aliases each: 10^10 values written out, in 600 bytes.
    static let aliasBomb =
        "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        + (1...9).map { level in "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        .joined() + sibling

    static let oversized = sibling + "description: \"" + String(repeating: "x", count: 9 << 20) + "\"\n"

    static func grid(_ parameters: String) -> [String: String] {
        [
            "studies/bad/run.yaml":
                "data: {synthetic: {seed: 1, bars: 200}}\nstrategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}\n",
            "studies/bad/optimization.yaml": "objective: sharpe_ratio\nparameters:\n" + parameters,
        ]
    }

    static func data(_ path: String, prepare: @escaping @Sendable (URL) throws -> Void, _ stderr: String) -> Case {
        Case(
            name: "data.file \(path)", files: ["studies/bad/run.yaml": "data: {file: \(path)}\n" + strategy], prepare: prepare,
            stderr: stderr)
    }

    static func csv(_ name: String, _ content: String, _ stderr: String) -> Case {
        Case(name: name, files: ["studies/bad/run.yaml": "data: {file: ../x.csv}\n" + strategy, "studies/x.csv": content], stderr: stderr)
    }

    static func fifo(_ path: String) -> @Sendable (URL) throws -> Void {
        { root in #expect(mkfifo(root.appendingPathComponent(path).path, 0o644) == 0) }
    }

    static func link(_ path: String, to target: String) -> @Sendable (URL) throws -> Void {
        { root in try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(path).path, withDestinationPath: target) }
    }

    static let header = "date,open,high,low,close\n"
    static let hintCSV = "  hint: a market's data is a CSV file of bars (looked at ROOT/studies/bad/"
    static let hintTooLarge = "  hint: narrow the ranges, use larger steps, add where constraints, or raise max_runs\n"

    static let cases: [Case] = [
        Case(
            name: "aliases that expand exponentially", files: ["studies/bad/run.yaml": aliasBomb],
            stderr:
                "studies/bad/run.yaml:1:37: error: the YAML holds more than a million values once its aliases (*name) are written out\n"
                + "  hint: write the values out without nested aliases; a study needs far fewer\n", boundedMemory: true),
        Case(
            name: "a YAML file over 8 MB",
            files: ["studies/bad/run.yaml": oversized],
            stderr:
                "studies/bad/run.yaml:1:1: error: the file is \(oversized.utf8.count) bytes, more than the 8388608 a YAML file may have\n"
                + "  hint: a study's YAML files are a few kilobytes: is this the right file?\n", boundedMemory: true),
        Case(
            name: "YAML nested 10,000 deep",
            files: [
                "studies/bad/run.yaml": sibling + "description: " + String(repeating: "[", count: 10_000)
                    + String(repeating: "]", count: 10_000) + "\n"
            ],
            stderr:
                "studies/bad/run.yaml:3:15: error: the YAML nests more than 1000 levels deep\n"
                + "  hint: a study's settings nest a few levels; is a bracket or an indentation run away?\n", boundedMemory: true),
        Case(
            name: "YAML that is not text", files: ["studies/bad/run.yaml": ""],
            prepare: { root in
                try Data([0x64, 0x61, 0xFF, 0xFE, 0x00, 0x80]).write(to: root.appendingPathComponent("studies/bad/run.yaml"))
            },
            stderr: "studies/bad/run.yaml: error: the file is not UTF-8 text\n  hint: save it as UTF-8\n"),
        Case(
            name: "a range of 5,000,000 values", files: grid("  \(slow): {start: 2, end: 5000001, step: 1}\n"),
            stderr: "studies/bad/optimization.yaml:3:3: error: the grid has 5000000 runs, more than max_runs (100000)\n" + hintTooLarge,
            boundedMemory: true),
        Case(
            name: "a grid whose size overflows",
            files: grid(
                "  \(fast): {start: 1, end: 9000000, step: 1}\n  \(slow): {start: 2, end: 9000001, step: 1}\n"
                    + "  strategy.exit_planner.params.risk_reward_ratio: {start: 1, end: 9000000, step: 1}\n"),
            stderr:
                "studies/bad/optimization.yaml:3:3: error: the grid has more than 9223372036854775807 runs, more than max_runs (100000)\n"
                + hintTooLarge, boundedMemory: true),
        Case(
            name: "a filtered grid of 25,000,000 combinations",
            files: grid("  \(fast): {start: 1, end: 5000, step: 1}\n  \(slow): {start: 2, end: 5001, step: 1}\nwhere: [\"fast < slow\"]\n"),
            stderr:
                "studies/bad/optimization.yaml:3:3: error: the grid has 25000000 combinations before its where constraints, more than the 20000000 that are enumerated\n"
                + hintTooLarge, boundedMemory: true),
        Case(
            name: "a constraint of 100,000 parentheses (a stack overflow before)",
            files: grid(
                "  \(fast): [5, 10]\nwhere: [\"" + String(repeating: "(", count: 100_000) + "fast" + String(repeating: ")", count: 100_000)
                    + " < 20\"]\n"),
            stderr:
                "studies/bad/optimization.yaml:4:1010: error: the constraint is longer than 1000 characters\n"
                + "  hint: split it into several constraints: each must hold\n", boundedMemory: true),
        Case(
            name: "a range of more than 10,000,000 values", files: grid("  \(fast): {start: 0, end: 1e30, step: 1e-30}\n"),
            stderr: "studies/bad/optimization.yaml:3:70: error: \(fast) has more than 10,000,000 values\n  hint: use a larger step\n",
            boundedMemory: true),
        data(
            "folder.csv",
            prepare: {
                try FileManager.default.createDirectory(
                    at: $0.appendingPathComponent("studies/bad/folder.csv"), withIntermediateDirectories: true)
            },
            "studies/bad/run.yaml:1:14: error: studies/bad/folder.csv, named by data.file, is a folder, not a file\n" + hintCSV
                + "folder.csv)\n"),
        data(
            "pipe.csv", prepare: fifo("studies/bad/pipe.csv"),
            "studies/bad/run.yaml:1:14: error: studies/bad/pipe.csv, named by data.file, is a named pipe (FIFO), not a file\n" + hintCSV
                + "pipe.csv)\n"),
        data(
            "/dev/zero", prepare: { _ in },
            "studies/bad/run.yaml:1:14: error: /dev/zero, named by data.file, is a device, not a file\n  hint: a market's data is a CSV file of bars\n"
        ),
        data(
            "gone.csv", prepare: link("studies/bad/gone.csv", to: "nothing.csv"),
            "studies/bad/run.yaml:1:14: error: studies/bad/gone.csv, named by data.file, is a link that leads to nothing\n" + hintCSV
                + "gone.csv)\n"),
        data(
            "loop.csv",
            prepare: { root in
                try link("studies/bad/loop.csv", to: "loop2.csv")(root)
                try link("studies/bad/loop2.csv", to: "loop.csv")(root)
            },
            "studies/bad/run.yaml:1:14: error: studies/bad/loop.csv, named by data.file, is a link that loops back on itself\n" + hintCSV
                + "loop.csv)\n"),
        Case(
            name: "data.glob matching a FIFO", files: ["studies/bad/run.yaml": "data: {glob: \"*.csv\"}\n" + strategy],
            prepare: fifo("studies/bad/a.csv"),
            stderr: "studies/bad/run.yaml:1:14: error: studies/bad/a.csv, matched by data.glob, is a named pipe (FIFO), not a file\n"
                + hintCSV + "a.csv)\n"),
        Case(
            name: "optimization.yaml a FIFO", files: ["studies/bad/run.yaml": sibling], prepare: fifo("studies/bad/optimization.yaml"),
            stderr:
                "studies/bad/optimization.yaml: error: optimization.yaml is a named pipe (FIFO), not a file\n"
                + "  hint: a study's optimization.yaml must be a YAML file; replace it with one, or remove it\n"),
        Case(
            name: "run.yaml a folder", files: ["studies/bad/variant.yaml": "variants: []\n"],
            prepare: {
                try FileManager.default.createDirectory(
                    at: $0.appendingPathComponent("studies/bad/run.yaml"), withIntermediateDirectories: true)
            },
            stderr:
                "studies/bad/run.yaml: error: run.yaml is a folder, not a file\n"
                + "  hint: a study's run.yaml must be a YAML file; replace it with one, or remove it\n"),
        csv(
            "a binary data file", header + "2020-01-02,1,1,1,1\n2020-01-03,1,\u{0}1,1,1\n",
            "studies/x.csv:3:14: error: the data file holds a NUL byte: it is not CSV text\n"
                + "  hint: is this the right file? A data file is text with one bar per line (a UTF-16 file must be saved as UTF-8)\n"),
        Case(
            name: "a data file of 1 GB of zeros", files: ["studies/bad/run.yaml": "data: {file: ../zero.csv}\n" + strategy],
            prepare: { root in
                let path = root.appendingPathComponent("studies/zero.csv").path
                #expect(FileManager.default.createFile(atPath: path, contents: nil) && truncate(path, 1 << 30) == 0)
            },
            stderr:
                "studies/zero.csv:1:1: error: the data file holds a NUL byte: it is not CSV text\n"
                + "  hint: is this the right file? A data file is text with one bar per line (a UTF-16 file must be saved as UTF-8)\n",
            boundedMemory: true),
        csv(
            "a data file of one line of 200,000 bytes", String(repeating: "x", count: 200_000),
            "studies/x.csv:1: error: the line is longer than the 65536 bytes a data file's line may have\n"
                + "  hint: is this the right file? A bar's line is a timestamp and a few prices\n"),
        csv(
            "a data file's line of 100,000 bytes", header + "2020-01-02,1,1,1," + String(repeating: "1", count: 100_000) + "\n",
            "studies/x.csv:2: error: the line is 100017 bytes long, more than the 65536 a data file's line may have\n"
                + "  hint: is this the right file? A bar's line is a timestamp and a few prices\n"),
        csv(
            "a header of 2,000 columns", header.dropLast() + String(repeating: ",x", count: 1995) + "\n2020-01-02,1,1,1,1\n",
            "studies/x.csv:1: error: the header has 2000 columns, more than the 1000 a data file may have\n"
                + "  hint: is this the right file? Bars need a time column, open, high, low, close and perhaps volume\n"),
        csv(
            "a long value echoed in full", header + "2020-01-02,1,1,1,1x" + String(repeating: "2", count: 5_000) + "\n",
            "studies/x.csv:2:18: error: cannot read '1x22222222222222222222222222222222222222…' as a number in the close column\n"
                + "  hint: write plain decimal numbers such as 101.25\n"),
    ]

    @Test(arguments: cases) func hostileInputEndsInItsLocatedError(_ hostile: Case) throws {
        let project = try BuildFixture(files: hostile.files.merging(["studies/other/run.yaml": Self.sibling]) { a, _ in a })
        try hostile.prepare(project.root)
        let result = BacklabBinary.finish(try BacklabBinary.start(["build", "--quiet", "--timings"], in: project.root), killAfter: 60)
        #expect(result.status == 1, "exit \(result.status) (9: killed after 60 s)")
        let errors = result.stderr.components(separatedBy: "steps:\n")[0]
        #expect(errors == hostile.stderr.replacingOccurrences(of: "ROOT", with: project.root.path), "\(errors.prefix(600))")
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output/other/index.html").path))
        if hostile.boundedMemory {
            let peak = result.stderr.components(separatedBy: "peak memory (VmHWM): ").last.flatMap { Int($0.prefix { $0.isNumber }) }
            #expect(peak != nil && peak! < 200, "peak \(peak.map(String.init) ?? "?") MB")
        }
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
