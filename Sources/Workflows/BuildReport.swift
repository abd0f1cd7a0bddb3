import Engine

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
    /// Wall time of each step of the build, in order.
    public var steps: [(name: String, seconds: Double)] = []

    /// Runs executed.
    public var ran: Int { studies.map(\.ran).reduce(0, +) }
    /// Runs from the cache.
    public var cached: Int { studies.map(\.cached).reduce(0, +) }
    /// Runs failed.
    public var failed: Int { studies.map(\.failed).reduce(0, +) }

    /// DESIGN section 5: 130 interrupted, 1 bad input, 2 failed runs, else 0.
    public var exitCode: Int32 {
        if interrupted { return 130 }
        if !diagnostics.isEmpty { return 1 }
        return failed > 0 ? 2 : 0
    }
}
