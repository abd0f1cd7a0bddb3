import Engine
import Foundation
import Study

/// `backlab plan`: per study, how many runs are cached and how many a build would run (the
/// build's own classification, from its "plan" step), and an estimate of the time from measured
/// run durations.
public struct BuildPlanSummary: Sendable {
    /// One study.
    public struct Line: Sendable {
        /// Study id.
        public let id: String
        /// Runs it asks for.
        public let total: Int
        /// Runs in the cache.
        public let cached: Int
        /// Runs a build would run.
        public var toRun: Int { total - cached }
    }

    /// Per study.
    public let lines: [Line]
    /// Seconds a build would take on `jobs` workers, when every data set has measured runs.
    public let estimatedSeconds: Double?

    /// The steps `plan` runs: those of a build up to its plan.
    public static let steps: [any BuildStep] = [LoadStudiesStep(), PlanStep(), PlanOutOfSampleStep()]

    /// Summarises the plan of a context that ran `steps`.
    public init(_ build: BuildContext) {
        let plan = build.plan
        lines = plan.studies.map { Line(id: $0.definition.id, total: $0.total, cached: $0.cached) }
        var seconds = 0.0
        var known = true
        for job in plan.jobs {
            let data = job.config.data.loaded
            let key = BuildPlan.costKey(data, fingerprint: build.sourceFingerprints[data.source]?.digest ?? "")
            if let cost = build.costs.estimate(key) { seconds += cost } else { known = false }
        }
        estimatedSeconds = known ? seconds / Double(max(1, build.options.jobs)) : nil
    }

    /// Totals.
    public var total: Int { lines.map(\.total).reduce(0, +) }
    /// Cached runs.
    public var cached: Int { lines.map(\.cached).reduce(0, +) }
    /// Runs to do.
    public var toRun: Int { lines.map(\.toRun).reduce(0, +) }

    /// The terminal form.
    public var text: String {
        var out = lines.map { "  \($0.id): \($0.total) run\($0.total == 1 ? "" : "s"), \($0.cached) cached, \($0.toRun) to run\n" }.joined()
        let estimate =
            toRun == 0
            ? "nothing to run"
            : estimatedSeconds.map { String(format: "about %.1f s", $0) } ?? "no estimate yet (no measured runs on this data)"
        out += "\(total) runs: \(cached) cached, \(toRun) to run; \(estimate)\n"
        return out
    }

    /// `plan --json`.
    public var jsonText: String {
        let studies: [JSONValue] = lines.map {
            .object([
                ("id", .string($0.id)), ("total", .integer($0.total)), ("cached", .integer($0.cached)), ("to_run", .integer($0.toRun)),
            ])
        }
        let json = JSONValue.object([
            ("total", .integer(total)), ("cached", .integer(cached)), ("to_run", .integer(toRun)),
            ("estimated_seconds", estimatedSeconds.map { .number(($0 * 1000).rounded() / 1000) } ?? .null), ("studies", .array(studies)),
        ])
        return json.text(.spaced) + "\n"
    }
}
