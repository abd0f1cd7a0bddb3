import Foundation
import Testing

/// Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise, nothing quiet.
@Suite struct ProgressTests {
    static func project() throws -> BuildFixture {
        try BuildFixture(files: ["studies/g/run.yaml": BuildFixture.gridRun, "studies/g/optimization.yaml": BuildFixture.gridPlan])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func aTerminalGetsABarRedrawnInPlace() throws {
        let project = try Self.project()
        // script(1) gives the build a pseudo-terminal, as a user's shell does.
        let output = try BacklabBinary.run(
            ["-qec", "\(BacklabBinary.executable.path) build --no-render --jobs 1", "/dev/null"],
            in: project.root, program: URL(fileURLWithPath: "/usr/bin/script"))
        let text = output.stdout
        #expect(output.status == 0)
        #expect(text.contains("\r[........................] 0/8 runs, 0 cached, "))
        #expect(text.contains("\r[########################] 8/8 runs, 0 cached, "))
        #expect(text.contains("runs/s, ETA 0:00\u{1B}[K"))
    }

    @Test func aPipeGetsPlainLinesAndQuietGetsNothing() throws {
        let project = try Self.project()
        let plain = try project.build(["--no-render"])
        let lines = plain.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("0/8 runs, 0 cached, ") == true)
        #expect(lines.last?.hasPrefix("8/8 runs, 0 cached, ") == true)
        #expect(!plain.stderr.contains("\r"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".backlab"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("output"))
        let quiet = try project.build(["--no-render", "--quiet"])
        #expect(quiet.stderr.isEmpty && quiet.stdout.isEmpty && quiet.status == 0)
    }
}
