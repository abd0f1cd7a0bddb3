import ArgumentParser
import Engine
import Foundation
import Runner
import Synchronization

/// `backlab bench`: prints engine speed figures. Build with `-c release` before trusting them.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure one run's bar-steps/s (SMA cross + ATR exit) and the CSV parse rate.",
        discussion: "A benchmark, not a test: run it on a release build (swift build -c release).")

    @Option(help: "Bars of synthetic one-minute data.")
    var bars = 1_000_000

    @Option(help: "Repetitions; the median is reported.")
    var repeats = 7

    @Flag(
        help:
            "Instead: the canonical grid (fast 5..50 step 5 x slow 20..200 step 20, fast < slow: 90 runs) in process on --jobs workers, indicators shared."
    )
    var grid = false

    @Option(help: "Workers for --grid.")
    var jobs = ParallelRunService.defaultJobs

    @Option(help: "Instead: PBO by CSCV over this many runs of seeded returns (2,520 days in --blocks blocks).")
    var cscv: Int?

    @Option(help: "Blocks for --cscv.")
    var blocks = 16

    func run() throws {
        guard bars >= 100, repeats >= 1 else { throw ValidationError("--bars must be at least 100 and --repeats at least 1") }
        if grid { return try runGrid() }
        if let cscv { return try runCSCV(runs: cscv) }
        let source = SyntheticSource(seed: 42, bars: bars, timeframe: Timeframe("1m")!, start: 1_577_836_800_000, tick: 0.01)
        let series = source.generate()
        let spec = StrategySpec(
            signalGenerator: .named("sma_cross", in: .signalGenerator, ["fast": .integer(10), "slow": .integer(30)]),
            exitPlanner: .named("atr_exit", in: .exitPlanner))
        let settings = ExecutionSettings(initialCapital: 10_000, feeRate: 0.001, wholeUnits: true)
        var total: [Double] = []
        var build: [Double] = []
        var loop: [Double] = []
        var metrics: [Double] = []
        var trades = 0
        for _ in 0..<repeats {
            let clock = ContinuousClock()
            let t0 = clock.now
            let market = MarketData(bars: series)  // fresh: no indicator reuse between repeats
            let strategy = try Strategy(spec, data: market)
            let t1 = clock.now
            let outcome = Backtester.run(bars: series, strategy: strategy, settings: settings)
            let t2 = clock.now
            let result = MetricsCalculator.compute(
                trades: outcome.trades, equity: outcome.equity, time: series.time,
                settings: MetricSettings(periodsPerYear: 365, initialCapital: 10_000), dayEnds: market.dayEnds,
                close: series.close[...])
            let t3 = clock.now
            trades = Int(result[.totalTrades] ?? 0)
            build.append(seconds(t1 - t0))
            loop.append(seconds(t2 - t1))
            metrics.append(seconds(t3 - t2))
            total.append(seconds(t3 - t0))
        }
        // Where the time of building goes, piece by piece.
        var parts: [(String, [Double])] = [("sma(10)", []), ("sma(30)", []), ("atr(14)", []), ("crossing signals", [])]
        for _ in 0..<repeats {
            let clock = ContinuousClock()
            var t = clock.now
            func lap(_ i: Int) {
                let now = clock.now
                parts[i].1.append(seconds(now - t))
                t = now
            }
            let fast = Indicators.sma(series.close, period: 10)
            lap(0)
            let slow = Indicators.sma(series.close, period: 30)
            lap(1)
            _ = Indicators.atr(high: series.high, low: series.low, close: series.close, period: 14)
            lap(2)
            _ = SignalSeries.crossing(fast, over: slow)
            lap(3)
        }
        let n = Double(bars)
        print(
            "one run: \(bars) one-minute bars, sma_cross(10, 30) + atr_exit(14, 2, 2), whole units, \(trades) trades, median of \(repeats)")
        print("  whole run        \(ms(median(total))) ms   \(rate(n / median(total))) bar-steps/s")
        print("    indicators + signals  \(ms(median(build))) ms")
        print("    bar loop              \(ms(median(loop))) ms   \(rate(n / median(loop))) bar-steps/s")
        for (name, times) in parts { print("      \(name.padding(toLength: 20, withPad: " ", startingAt: 0))\(ms(median(times))) ms") }
        print("    metrics               \(ms(median(metrics))) ms")

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-bench-\(getpid()).csv").path
        let text = series.csvText(dateOnly: false)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var parse: [Double] = []
        for _ in 0..<repeats {
            let clock = ContinuousClock()
            let start = clock.now
            let loaded = try CSVBarLoader.load(path: path)
            parse.append(seconds(clock.now - start))
            precondition(loaded == series, "CSV round trip changed the bars")
        }
        let megabytes = Double(text.utf8.count) / 1_048_576
        print(
            "CSV parse: \(bars) bars, \(String(format: "%.1f", megabytes)) MB: \(ms(median(parse))) ms   \(rate(n / median(parse))) bars/s   \(String(format: "%.0f", megabytes / median(parse))) MB/s"
        )
        print("peak memory (VmHWM): \(peakMemoryMB()) MB")
    }

    /// The canonical grid in process: SMAs computed once per period and shared, then 90 runs of
    /// signals + bar loop + metrics on `jobs` workers. Prints the bar loop's own rate too.
    private func runGrid() throws {
        let n = bars == 1_000_000 ? 100_000 : bars
        let series = SyntheticSource(seed: 2026, bars: n, timeframe: Timeframe("1m")!, start: 1_704_067_200_000, tick: 0.01).generate()
        let configs = stride(from: 5, through: 50, by: 5).flatMap { f in
            stride(from: 20, through: 200, by: 20).filter { f < $0 }.map { (f, $0) }
        }
        let settings = ExecutionSettings(initialCapital: 10_000, feeRate: 0.001, wholeUnits: true)
        var totals: [Double] = []
        var loops: [Double] = []
        var indicators: [Double] = []
        for _ in 0..<repeats {
            let clock = ContinuousClock()
            let start = clock.now
            let market = MarketData(bars: series)
            for period in Set(configs.flatMap { [$0.0, $0.1] }) { _ = market.smaClose(period) }
            let shared = clock.now
            let loopTime = Mutex(0.0)
            ParallelRunService.run(count: configs.count, jobs: jobs, interruption: Interruption()) { index in
                let (fast, slow) = configs[index]
                let spec = StrategySpec(
                    signalGenerator: .named("sma_cross", in: .signalGenerator, ["fast": .integer(fast), "slow": .integer(slow)]))
                let strategy = try! Strategy(spec, data: market)
                let t0 = ContinuousClock().now
                let outcome = Backtester.run(bars: series, strategy: strategy, settings: settings)
                let t1 = ContinuousClock().now
                _ = MetricsCalculator.compute(
                    trades: outcome.trades, equity: outcome.equity, time: series.time,
                    settings: MetricSettings(periodsPerYear: market.autoPeriodsPerYear, initialCapital: 10_000), dayEnds: market.dayEnds,
                    close: series.close[...])
                let elapsed = seconds(t1 - t0)
                loopTime.withLock { $0 += elapsed }
                return 0
            } deliver: { _, _ in
            }
            let end = clock.now
            totals.append(seconds(end - start))
            indicators.append(seconds(shared - start))
            // Loop time summed over workers, divided by workers: the wall time the loops took.
            loops.append(loopTime.withLock { $0 } / Double(min(jobs, configs.count)))
        }
        let steps = Double(n * configs.count)
        print(
            "canonical grid in process: \(configs.count) runs x \(n) bars = \(Int(steps)) bar-steps on \(jobs) worker(s), median of \(repeats)"
        )
        print("  whole grid            \(ms(median(totals))) ms   \(rate(steps / median(totals))) bar-steps/s")
        print("    shared SMAs (\(Set(configs.flatMap { [$0.0, $0.1] }).count) periods) \(ms(median(indicators))) ms")
        print("    bar loops            \(ms(median(loops))) ms   \(rate(steps / median(loops))) bar-steps/s")
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    private func ms(_ s: Double) -> String { String(format: "%8.2f", s * 1000) }
    private func rate(_ r: Double) -> String { String(format: "%.3g", r) }
}

extension BenchCommand {
    /// PBO over `runs` runs of seeded daily returns: the time of CSCV alone, median of the repeats.
    func runCSCV(runs: Int) throws {
        guard runs >= 2, blocks >= 2, blocks <= 24, blocks % 2 == 0 else {
            throw ValidationError("--cscv needs at least 2 runs and --blocks an even number from 2 to 24")
        }
        var random = SplitMix64(seed: 9)
        let moments = (0..<runs).map { _ in
            BlockMoments(returns: (0..<2520).map { _ in 0.01 * random.normal() + 0.0002 }, blocks: blocks)!
        }
        var times: [Double] = []
        var pbo = 0.0
        for _ in 0..<repeats {
            let clock = ContinuousClock()
            let start = clock.now
            pbo = OverfittingAnalysis(runs: moments)?.probabilityOfOverfitting ?? .nan
            times.append(seconds(clock.now - start))
        }
        let median = times.sorted()[times.count / 2]
        let splits = (1...blocks / 2).reduce(1) { $0 * (blocks / 2 + $1) / $1 }  // C(S, S/2)
        Terminal.write(
            "PBO by CSCV, \(runs) runs x \(blocks) blocks (\(splits) splits): \(String(format: "%.3f", median)) s median of \(repeats) "
                + "(\(String(format: "%.2f", median * 1e9 / Double(runs * splits))) ns a run and split); PBO \(String(format: "%.3f", pbo))\n"
        )
    }
}
