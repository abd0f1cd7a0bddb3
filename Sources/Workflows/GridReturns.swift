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

    /// How each column was made: one run per grid point, or over several markets the equal-weight
    /// portfolio of each grid point's markets (as the robustness statistics use it).
    public let header: String

    /// Runs every grid point of `study` on `jobs` workers, each data section loaded once; over
    /// several markets, every grid point on every market (or on `market` alone, by name), each
    /// column then the equal-weight portfolio of the point's markets (`EqualWeight`, the daily
    /// returns behind the aggregate's DSR and PBO). `planFile` is optimization.yaml as messages
    /// name it. Throws the located problems of failed runs, and when the columns' returns fall on
    /// different days (a grid over data ranges), since one table cannot hold them.
    public init(study whole: StudyDefinition, planFile: String, jobs: Int, market: String? = nil) throws {
        var chosen = whole
        if let market {
            let names = whole.markets.map(\.name)
            guard let index = names.firstIndex(of: market) else {
                throw Diagnostic(
                    file: String(planFile.dropLast("optimization.yaml".count)) + "run.yaml",
                    message: "no market named '\(market)'\(Suggestion.didYouMean(market, in: names))",
                    hint: "markets: \(names.joined(separator: ", "))")
            }
            chosen = whole.keeping(markets: [index])
        }
        let study = chosen
        let marketCount = study.markets.count
        let count = study.gridPoints.count * marketCount
        var loaded: [DataConfig: LoadedData] = [:]
        for index in 0..<count {
            let data = study.config(at: index).data.loaded
            if loaded[data] == nil { loaded[data] = try LoadedData(data) }
        }
        let sections = loaded
        let outcomes = Mutex([Result<Ran, DiagnosticList>?](repeating: nil, count: count))
        // No interruption handler: Ctrl-C ends an export at once, there is nothing to keep.
        ParallelRunService.run(count: count, jobs: jobs, interruption: Interruption()) { index in
            let config = study.config(at: index)
            return Result {
                let result = try StrategyOrchestrator.run(config, data: sections[config.data.loaded]!)
                // Return k runs from the end of day k to the end of day k + 1 (MetricsCalculator).
                let ends = result.dayEnds.filter { $0 < result.equity.count }.dropFirst()
                return Ran(
                    times: ends.map { result.time[$0] }, returns: RunStatistics.excessReturns(of: result),
                    days: marketCount > 1 ? StoredResult(result, needs: StatisticsNeeds(dayEquity: true)) : nil)
            }.mapError(DiagnosticList.init(from:))
        } deliver: { index, outcome in
            outcomes.withLock { $0[index] = outcome }
        }
        var columns: [(times: [Int64], returns: [Double])?] = []
        var problems: [Diagnostic] = []
        let results = outcomes.withLock { $0 }
        for c in study.gridPoints.indices {
            var markets: [Ran] = []
            for m in 0..<marketCount {
                let index = c * marketCount + m
                switch results[index] {
                case .success(let run)?:
                    markets.append(run)
                case .failure(let list)?:
                    let on = marketCount > 1 || market != nil ? " on \(study.markets[m].name)" : ""
                    problems += list.diagnostics.map { diagnostic in
                        var located = diagnostic
                        located.message = "run \(c + 1) (\(study.label(configuration: c)))\(on): \(diagnostic.message)"
                        return located
                    }
                case nil:
                    problems.append(Diagnostic(file: planFile, message: "run \(index + 1) did not run"))
                }
            }
            columns.append(markets.count == marketCount ? Self.column(markets, riskFreeRate: study.base.metrics.riskFreeRate) : nil)
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        let named = whole.markets.count > 1
        let what = named ? "configuration" : "run"
        var times: [Int64] = []
        var runs: [[Double]] = []
        for (c, column) in columns.enumerated() {
            guard let column else { continue }
            if c == 0 {
                times = column.times
            } else if column.times != times {
                // The first column on other days is enough to show the problem.
                let message =
                    "\(what) 1 has \(times.count) daily returns\(Self.span(times)), "
                    + "\(what) \(c + 1) has \(column.times.count)\(Self.span(column.times))"
                throw Diagnostic(
                    file: planFile, message: message,
                    hint: "export-returns writes one row per day for every \(what), so the grid's runs must cover the same days")
            }
            runs.append(column.returns)
        }
        self.times = times
        self.runs = runs
        header = named ? "configuration" : "run"
    }

    /// What one run gives a column: its daily excess returns, each stamped with its day's last
    /// bar, and over several markets its day-end equity for the portfolio.
    private struct Ran: Sendable {
        var times: [Int64]
        var returns: [Double]
        var days: StoredResult?
    }

    /// One column: a run's own returns; or the equal-weight portfolio of several markets' runs,
    /// each return stamped with its UTC day's midnight.
    private static func column(_ markets: [Ran], riskFreeRate: Double) -> (times: [Int64], returns: [Double]) {
        if markets.count == 1 { return (markets[0].times, markets[0].returns) }
        let portfolio = EqualWeight(markets.map { $0.days! }, riskFreeRate: riskFreeRate)!
        return (portfolio.days.map { $0 * UTCDate.millisPerDay }, portfolio.excessReturns)
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
        var text = "date" + runs.indices.map { ",\(header)_\($0 + 1)" }.joined() + "\n"
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
