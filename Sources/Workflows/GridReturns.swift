import Engine
import Runner
import Study
import Synchronization

/// The daily excess returns of every point of a study's grid, side by side: the T × N matrix that
/// the robustness statistics never hold (a build keeps only each run's moments and block sums), so
/// that an independent script can compute PSR, DSR and PBO from the raw returns
/// (`backlab export-returns`, scripts/reference/robustness.py).
public struct GridReturns: Sendable {
    /// The time of each return's day's last bar (UTC epoch ms), oldest first.
    public let times: [Int64]
    /// Each grid point's returns (`RunStatistics.excessReturns(of:)`), in grid order; every one
    /// has a return for each of `times`.
    public let runs: [[Double]]

    /// Runs every grid point of `study` on `jobs` workers, each data section loaded once.
    /// `planFile` is optimization.yaml as messages name it. Throws the located problems of failed
    /// runs, and when the runs' returns fall on different days (a grid over data ranges), since
    /// one table cannot hold them.
    public init(study: StudyDefinition, planFile: String, jobs: Int) throws {
        let count = study.gridPoints.count
        var loaded: [DataConfig: LoadedData] = [:]
        for index in 0..<count {
            let data = study.config(at: index).data.loaded
            if loaded[data] == nil { loaded[data] = try LoadedData(data) }
        }
        let sections = loaded
        let outcomes = Mutex([Result<(times: [Int64], returns: [Double]), DiagnosticList>?](repeating: nil, count: count))
        // No interruption handler: Ctrl-C ends an export at once, there is nothing to keep.
        ParallelRunService.run(count: count, jobs: jobs, interruption: Interruption()) { index in
            let config = study.config(at: index)
            return Result {
                let result = try StrategyOrchestrator.run(config, data: sections[config.data.loaded]!)
                // Return k runs from the end of day k to the end of day k + 1 (MetricsCalculator).
                let ends = result.dayEnds.filter { $0 < result.equity.count }.dropFirst()
                return (ends.map { result.time[$0] }, RunStatistics.excessReturns(of: result))
            }.mapError(DiagnosticList.init(from:))
        } deliver: { index, outcome in
            outcomes.withLock { $0[index] = outcome }
        }
        var times: [Int64]?
        var timesRun = 0
        var otherDaysShown = false
        var runs: [[Double]] = []
        var problems: [Diagnostic] = []
        for (index, outcome) in outcomes.withLock({ $0 }).enumerated() {
            switch outcome {
            case .success(let run)?:
                guard let times else {
                    times = run.times
                    timesRun = index
                    runs.append(run.returns)
                    continue
                }
                if times == run.times {
                    runs.append(run.returns)
                } else if !otherDaysShown {
                    // The first run on other days is enough to show the problem.
                    otherDaysShown = true
                    let message =
                        "run \(timesRun + 1) has \(times.count) daily returns\(Self.span(times)), "
                        + "run \(index + 1) has \(run.times.count)\(Self.span(run.times))"
                    problems.append(
                        Diagnostic(
                            file: planFile, message: message,
                            hint: "export-returns writes one row per day for every run, so the grid's runs must cover the same days"))
                }
            case .failure(let list)?:
                problems += list.diagnostics.map { diagnostic in
                    var located = diagnostic
                    located.message = "run \(index + 1) (\(study.label(at: index))): \(diagnostic.message)"
                    return located
                }
            case nil:
                problems.append(Diagnostic(file: planFile, message: "run \(index + 1) did not run"))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        self.times = times ?? []
        self.runs = runs
    }

    /// ` (DATE to DATE)`, or nothing for no returns.
    private static func span(_ times: [Int64]) -> String {
        guard let first = times.first, let last = times.last else { return "" }
        return " (\(UTCDate.iso8601(first, dateOnly: true)) to \(UTCDate.iso8601(last, dateOnly: true)))"
    }

    /// The CSV: `date,run_1,...,run_N`, then one row per day; dates alone when every bar is at
    /// midnight (daily bars), else full times; numbers in their shortest round-trip form, so a
    /// reader gets Backlab's doubles bit for bit.
    public var csvText: String {
        let dateOnly = times.allSatisfy { $0 % UTCDate.millisPerDay == 0 }
        var text = "date" + runs.indices.map { ",run_\($0 + 1)" }.joined() + "\n"
        text.reserveCapacity(times.count * (12 + 24 * runs.count))
        for (day, time) in times.enumerated() {
            text += UTCDate.iso8601(time, dateOnly: dateOnly)
            for run in runs {
                text += ","
                text += NumberText.format(run[day])
            }
            text += "\n"
        }
        return text
    }
}
