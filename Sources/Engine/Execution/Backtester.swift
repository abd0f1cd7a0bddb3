/// What one backtest produced before metrics: trades, per-bar equity and warnings.
public struct BacktestOutcome: Sendable, Equatable {
    /// Closed trades in order; a position open after the last bar is closed there as `end`. Bar
    /// numbers count from the first traded bar.
    public var trades: [Trade]
    /// Equity marked at each traded bar's close; the last value is after the final close-out.
    public var equity: [Double]
    /// Entries skipped because not even one unit was affordable (whole units) or size was zero.
    public var skippedEntries: Int
    /// Bar of the first skipped entry.
    public var firstSkippedBar: Int?
}

/// The bar loop of DESIGN section 3, for one long-only position.
///
/// Per bar t: (1) a pending signal or time exit fills at the open, then a pending entry (levels
/// from the actual fill price); (2) stop, trailing stop and target inside the bar, stop first,
/// gaps filled at the worse open; (3) equity marked at the close; (4) signals at the close decide
/// orders for the next open. With `fill: close`, orders fill at the signal bar's close instead.
/// Orders decided on the last bar never fill.
public enum Backtester {
    /// Runs `strategy` over `bars`, trading from bar `first` on: the bars before it only fed the
    /// strategy's indicators (DESIGN section 8, `data.trade_start`).
    public static func run(bars: BarSeries, strategy: Strategy, settings: ExecutionSettings, from first: Int = 0) -> BacktestOutcome {
        var loop = BarLoop(strategy: strategy, settings: settings)
        return bars.open.withUnsafeBufferPointer { open in
            bars.high.withUnsafeBufferPointer { high in
                bars.low.withUnsafeBufferPointer { low in
                    bars.close.withUnsafeBufferPointer { close in
                        strategy.signals.flags.withUnsafeBufferPointer { flags in
                            loop.run(
                                time: bars.time, open: open, high: high, low: low, close: close, flags: flags, from: first)
                        }
                    }
                }
            }
        }
    }
}

/// The state of the loop; a struct so that the optimiser keeps it in registers.
struct BarLoop {
    let exitPlanner: any ExitPlanner
    let sizePlanner: any SizePlanner
    let overlays: [any PortfolioOverlay]
    let fee: Double
    let slippage: Double
    let fillAtClose: Bool
    let wholeUnits: Bool
    let honoursSignalExit: Bool
    let trail: Double
    let maxBars: Int
    let stopReason: ExitReason

    var cash: Double
    var units = 0.0
    var entryPrice = 0.0
    var entryBar = 0
    var stop = -Double.infinity
    var target = Double.infinity
    var trailPeak = 0.0
    var trades: [Trade] = []
    var skipped = 0
    var firstSkipped: Int?

    init(strategy: Strategy, settings: ExecutionSettings) {
        exitPlanner = strategy.exitPlanner
        sizePlanner = strategy.sizePlanner
        overlays = strategy.overlays
        fee = settings.feeRate
        slippage = settings.slippage
        fillAtClose = settings.fill == .close
        wholeUnits = settings.wholeUnits
        honoursSignalExit = exitPlanner.honoursSignalExit
        trail = exitPlanner.trailFraction ?? 0
        maxBars = exitPlanner.maxBars ?? Int.max
        stopReason = exitPlanner.trailFraction != nil ? .trail : .stop
        cash = settings.initialCapital
    }

    mutating func enter(at rawPrice: Double, bar: Int, signalBar: Int) {
        let price = rawPrice * (1 + slippage)
        let levels = exitPlanner.levels(entryPrice: price, signalBar: signalBar)
        let context = SizingContext(equity: cash, price: price, stop: levels.stop, feeRate: fee, wholeUnits: wholeUnits)
        let wanted = sizePlanner.units(context)
        let size = min(wanted, context.affordable(fraction: 1))
        guard size > 0, size.isFinite else {
            skipped += 1
            if firstSkipped == nil { firstSkipped = bar }
            return
        }
        units = size
        entryPrice = price
        entryBar = bar
        stop = levels.stop ?? -.infinity
        target = levels.target ?? .infinity
        trailPeak = price
        cash -= size * price * fee
    }

    mutating func exit(at rawPrice: Double, bar: Int, time: [Int64], reason: ExitReason) {
        let price = rawPrice * (1 - slippage)
        let exitFee = units * price * fee
        cash += units * (price - entryPrice) - exitFee
        let fees = exitFee + units * entryPrice * fee
        trades.append(
            Trade(
                entryBar: entryBar, exitBar: bar, entryTime: time[entryBar], exitTime: time[bar],
                entryPrice: entryPrice, exitPrice: price, size: units, fees: fees,
                pnl: units * (price - entryPrice) - fees,
                returnFraction: (price / entryPrice - 1) - fees / (units * entryPrice), exitReason: reason))
        units = 0
    }

    mutating func run(
        time: [Int64], open: UnsafeBufferPointer<Double>, high: UnsafeBufferPointer<Double>,
        low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>, flags: UnsafeBufferPointer<UInt8>,
        from first: Int
    ) -> BacktestOutcome {
        let n = close.count
        let first = min(max(0, first), n)
        let hasTrail = trail > 0
        let holdOffset = fillAtClose ? 0 : 1
        var pendingEntry = false
        var pendingExit: ExitReason? = nil
        var peakEquity = cash
        // Every bar's mark is written below, so the curve is not zeroed first (9 ms of the
        // canonical grid).
        let equity = [Double](unsafeUninitializedCapacity: n - first) { equity, initialized in
            for t in first..<n {
                // 1. Fills at the open.
                if let reason = pendingExit {
                    exit(at: open[t], bar: t, time: time, reason: reason)
                    pendingExit = nil
                }
                if pendingEntry {
                    enter(at: open[t], bar: t, signalBar: t - 1)
                    pendingEntry = false
                }
                // 2. Stops and targets inside the bar, live from the entry bar. (A position without
                // levels never reads the bar's high and low: less memory traffic in a grid.)
                if units > 0 && (hasTrail || stop > -.infinity || target < .infinity) && !(fillAtClose && entryBar == t) {
                    let activeStop = hasTrail ? max(stop, trailPeak * (1 - trail)) : stop
                    if low[t] <= activeStop {
                        exit(at: min(open[t], activeStop), bar: t, time: time, reason: stopReason)
                    } else if high[t] >= target {
                        exit(at: max(open[t], target), bar: t, time: time, reason: .target)
                    } else if hasTrail {
                        trailPeak = max(trailPeak, high[t])
                    }
                }
                // 3 and 4. Signals at the close (filled now with fill: close), then the equity mark.
                if t < n - 1 {
                    let flag = flags[t]
                    if units > 0 {
                        if honoursSignalExit && flag & SignalSeries.exit != 0 {
                            pendingExit = .signal
                        } else if t - entryBar + holdOffset >= maxBars {
                            pendingExit = .time
                        }
                        if fillAtClose, let reason = pendingExit {
                            exit(at: close[t], bar: t, time: time, reason: reason)
                            pendingExit = nil
                        }
                    } else if flag & SignalSeries.entry != 0 {
                        let mark = cash
                        var allowed = true
                        for overlay in overlays where !overlay.allowsEntry(equity: mark, peakEquity: max(peakEquity, mark)) {
                            allowed = false
                        }
                        if allowed {
                            if fillAtClose { enter(at: close[t], bar: t, signalBar: t) } else { pendingEntry = true }
                        }
                    }
                }
                let mark = units > 0 ? cash + units * (close[t] - entryPrice) : cash
                equity[t - first] = mark
                if mark > peakEquity { peakEquity = mark }
            }
            if units > 0 && n > first {
                exit(at: close[n - 1], bar: n - 1, time: time, reason: .end)
                equity[n - 1 - first] = cash
            }
            initialized = n - first
        }
        if first > 0 {
            for i in trades.indices {
                trades[i].entryBar -= first
                trades[i].exitBar -= first
            }
        }
        return BacktestOutcome(trades: trades, equity: equity, skippedEntries: skipped, firstSkippedBar: firstSkipped.map { $0 - first })
    }
}
