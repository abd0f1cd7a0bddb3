import Engine
import Foundation
import Runner

/// `backlab plan`: per study, how many runs are cached and how many a build would run, and an
/// estimate of the time from measured run durations.
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
    /// Problems of broken studies.
    public let diagnostics: [Diagnostic]
    /// Seconds a build would take on `jobs` workers, when every data set has measured runs.
    public let estimatedSeconds: Double?

    /// Plans without running (the cache is only checked for presence).
    public init(options: BuildOptions) {
        let memo = DataFingerprints(cacheDirectory: options.cache)
        var options = options
        options.preloadData = false
        let plan = BuildPlan.make(options, fingerprints: memo)
        memo.save()
        let cache = ResultCache(directory: options.cache)
        let costs = RunCostModel(cacheDirectory: options.cache)
        var lines: [Line] = []
        var seconds = 0.0
        var known = true
        var seen = Set<String>()
        for study in plan.studies {
            var cached = 0
            for (run, hash) in study.hashes.enumerated() {
                if !options.force && cache.contains(hash) {
                    cached += 1
                } else if seen.insert(hash).inserted {
                    let key = BuildPlan.costKey(study.dataKeys[run], fingerprint: plan.fingerprints[study.dataKeys[run]]?.digest ?? "")
                    if let cost = costs.estimate(key) { seconds += cost } else { known = false }
                }
            }
            lines.append(Line(id: study.definition.id, total: study.hashes.count, cached: cached))
        }
        self.lines = lines
        diagnostics = plan.diagnostics
        estimatedSeconds = known ? seconds / Double(max(1, options.jobs)) : nil
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
        let estimate = toRun == 0 ? "nothing to run" : estimatedSeconds.map { String(format: "about %.1f s", $0) } ?? "no estimate yet (no measured runs on this data)"
        out += "\(total) runs: \(cached) cached, \(toRun) to run; \(estimate)\n"
        return out
    }

    /// `plan --json`.
    public var jsonText: String {
        let studies = lines.map { "{\"id\": \(StudyResults.quoted($0.id)), \"total\": \($0.total), \"cached\": \($0.cached), \"to_run\": \($0.toRun)}" }
        let estimate = estimatedSeconds.map { NumberText.format(($0 * 1000).rounded() / 1000) } ?? "null"
        return "{\"total\": \(total), \"cached\": \(cached), \"to_run\": \(toRun), \"estimated_seconds\": \(estimate), \"studies\": [\(studies.joined(separator: ", "))]}\n"
    }
}
