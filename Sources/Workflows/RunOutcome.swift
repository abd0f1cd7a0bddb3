import Engine

/// What one run of a study came to, as the aggregate needs it: its metrics, or why it failed.
public enum RunOutcome: Sendable, Equatable {
    /// The run finished: its metrics, warnings, and what it keeps for the robustness statistics.
    case finished(Metrics, warnings: [String], statistics: RunStatistics = RunStatistics())
    /// The run failed; the message says why.
    case failed(String)

    /// The metrics of a finished run.
    public var metrics: Metrics? {
        if case .finished(let m, _, _) = self { return m }
        return nil
    }

    /// The warnings of a finished run (none for a failed one).
    public var warnings: [String] {
        if case .finished(_, let w, _) = self { return w }
        return []
    }

    /// What a finished run keeps for the robustness statistics.
    public var statistics: RunStatistics? {
        if case .finished(_, _, let s) = self { return s }
        return nil
    }

    /// The error of a failed run.
    public var error: String? {
        if case .failed(let e) = self { return e }
        return nil
    }
}
