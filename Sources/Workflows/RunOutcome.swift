import Engine

/// What one run of a study came to, as the aggregate needs it: its metrics, or why it failed.
public enum RunOutcome: Sendable, Equatable {
    /// The run finished.
    case finished(Metrics, warnings: [String])
    /// The run failed; the message says why.
    case failed(String)

    /// The metrics of a finished run.
    public var metrics: Metrics? {
        if case .finished(let m, _) = self { return m }
        return nil
    }

    /// The error of a failed run.
    public var error: String? {
        if case .failed(let e) = self { return e }
        return nil
    }
}
