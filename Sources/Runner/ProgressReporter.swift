import Foundation
import Synchronization

/// Progress of a build on stderr: a redrawn bar on a terminal (done/total, cached, runs/s, ETA),
/// a plain line every 10% otherwise, nothing when quiet. One owner; workers only count.
public final class ProgressReporter: Sendable {
    /// How progress is shown.
    public enum Style: Sendable {
        /// A bar redrawn in place.
        case terminal
        /// A line every 10%.
        case lines
        /// Nothing.
        case quiet
    }

    private struct State {
        var total = 0
        var cached = 0
        var done = 0
        var failed = 0
        var start = Date()
        var lastDraw = Date.distantPast
        var lastDecile = -1
    }

    private let style: Style
    private let state = Mutex(State())

    /// A reporter; `style` nil picks terminal or lines from whether stderr is a TTY.
    public init(style: Style? = nil) {
        self.style = style ?? (isatty(STDERR_FILENO) != 0 ? .terminal : .lines)
    }

    /// Starts a phase of `total` runs of which `cached` need no work.
    public func start(total: Int, cached: Int) {
        state.withLock { $0 = State(total: total, cached: cached, start: Date()) }
        draw(force: true)
    }

    /// Counts one finished run.
    public func finished(failed: Bool) {
        state.withLock {
            $0.done += 1
            if failed { $0.failed += 1 }
        }
        draw(force: false)
    }

    /// Ends the phase (clears the bar on a terminal).
    public func finish() {
        draw(force: true)
        let ran = state.withLock { $0.total > $0.cached }
        if style == .terminal && ran { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func draw(force: Bool) {
        guard style != .quiet else { return }
        let line: String? = state.withLock { s in
            guard s.total > s.cached else { return nil }  // nothing to run: nothing to show
            let now = Date()
            let toRun = s.total - s.cached
            let elapsed = now.timeIntervalSince(s.start)
            let rate = elapsed > 0 ? Double(s.done) / elapsed : 0
            let remaining = rate > 0 ? Double(toRun - s.done) / rate : 0
            let complete = s.cached + s.done
            let text =
                "\(complete)/\(s.total) runs, \(s.cached) cached" + (s.failed > 0 ? ", \(s.failed) failed" : "")
                + String(format: ", %.1f runs/s, ETA %@", rate, Self.clock(remaining))
            switch style {
            case .terminal:
                guard force || now.timeIntervalSince(s.lastDraw) >= 0.1 else { return nil }
                s.lastDraw = now
                let width = 24
                let filled = s.total > 0 ? width * complete / s.total : width
                return "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + text
                    + "\u{1B}[K"
            case .lines:
                let decile = toRun > 0 ? 10 * s.done / toRun : 10
                guard decile > s.lastDecile else { return nil }
                s.lastDecile = decile
                return text + "\n"
            case .quiet:
                return nil
            }
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
