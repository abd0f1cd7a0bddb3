import Engine
import Foundation

/// What a build did, for the summary line and the exit code.
public struct BuildReport: Sendable {
    /// One study's counts.
    public struct StudyLine: Sendable {
        /// The study.
        public let id: String
        /// Runs it asks for.
        public let runs: Int
        /// Runs executed now.
        public let ran: Int
        /// Runs found in the cache.
        public let cached: Int
        /// Runs that failed.
        public let failed: Int
        /// Nothing changed: not even the cache was read.
        public let upToDate: Bool
    }

    /// Problems with the input (broken studies, unreadable data): exit code 1.
    public var diagnostics: [Diagnostic] = []
    /// Things worth knowing (corrupt cache entries replaced, ...).
    public var warnings: [String] = []
    /// Per study.
    public var studies: [StudyLine] = []
    /// Whether Ctrl-C stopped the build.
    public var interrupted = false
    /// Files written.
    public var written: [String] = []
    /// Studies that could not be built (their old output stays).
    public var brokenIDs: [String] = []
    /// Errors that ended a step (a file that could not be written, ...), tagged with the step.
    public var stepErrors: [BuildStepError] = []
    /// Errors the build went on after (cache entries that could not be written: this build's
    /// site still shows their results): exit code 1 too.
    public var writeErrors: [BuildStepError] = []
    /// Every error to print: those that ended a step, then those the build went on after.
    public var errors: [BuildStepError] { stepErrors + writeErrors }
    /// Wall time of each step of the build, in order.
    public var steps: [(name: String, seconds: Double)] = []

    /// Runs executed.
    public var ran: Int { studies.map(\.ran).reduce(0, +) }
    /// Runs from the cache.
    public var cached: Int { studies.map(\.cached).reduce(0, +) }
    /// Runs failed.
    public var failed: Int { studies.map(\.failed).reduce(0, +) }

    /// DESIGN section 5: 130 interrupted, 1 bad input or a step that failed, 2 failed runs, else 0.
    public var exitCode: Int32 {
        if interrupted { return 130 }
        if !diagnostics.isEmpty || !errors.isEmpty { return 1 }
        return failed > 0 ? 2 : 0
    }

    /// The lines `build` prints when it is done: one per study, then the totals.
    public func summaryText(seconds: Double) -> String {
        var lines: [String] = []
        for study in studies {
            let state =
                study.upToDate
                ? "up to date" : "\(study.ran) ran, \(study.cached) cached" + (study.failed > 0 ? ", \(study.failed) FAILED" : "")
            lines.append("  \(study.id): \(study.runs) run\(study.runs == 1 ? "" : "s"), \(state)")
        }
        let count = "\(studies.count) stud\(studies.count == 1 ? "y" : "ies")"
        let files = "\(written.count) file\(written.count == 1 ? "" : "s") written"
        let errors = diagnostics.isEmpty && self.errors.isEmpty ? "" : ", with errors"
        lines.append(
            "\(interrupted ? "interrupted" : "built") \(count): \(ran) ran, \(cached) cached, \(failed) failed, \(files) in "
                + String(format: "%.2f", seconds) + " s" + errors)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `--timings`: each step numbered, as `[3/8] run backtests   42.0 ms`, and the total.
    public var timingsText: String {
        func line(_ name: String, _ seconds: Double) -> String {
            "  " + name.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%8.1f ms", seconds * 1000)
        }
        let numbered = steps.enumerated().map { line("[\($0.offset + 1)/\(steps.count)] \($0.element.name)", $0.element.seconds) }
        let total = steps.map(\.seconds).reduce(0, +)
        return "steps:\n" + (numbered + [line("total (after start-up)", total)]).joined(separator: "\n")
    }
}
