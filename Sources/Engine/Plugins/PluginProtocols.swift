/// Entry and exit signals of a generator, one byte of flags per bar.
public struct SignalSeries: Sendable, Equatable {
    /// Bit set when an entry is signalled at the close of the bar.
    public static let entry: UInt8 = 1
    /// Bit set when an exit is signalled at the close of the bar.
    public static let exit: UInt8 = 2

    /// Flags per bar.
    public var flags: [UInt8]

    /// Wraps flags.
    public init(flags: [UInt8]) { self.flags = flags }

    /// Signals from two lines: entry when `a` crosses above `b`, exit when it crosses below.
    /// A crossing is non-strict on the previous bar and strict on the current one
    /// (`a[t-1] <= b[t-1] && a[t] > b[t]`); no signal until both lines exist at t-1.
    public static func crossing(_ a: [Double], over b: [Double]) -> SignalSeries {
        let n = a.count
        var flags = [UInt8](repeating: 0, count: n)
        guard n > 1 else { return SignalSeries(flags: flags) }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                flags.withUnsafeMutableBufferPointer { out in
                    var previousA = a[0]
                    var previousB = b[0]
                    for t in 1..<n {
                        let currentA = a[t]
                        let currentB = b[t]
                        // NaN compares false, so warm-up bars give no signal.
                        if previousA <= previousB && currentA > currentB {
                            out[t] = SignalSeries.entry
                        } else if previousA >= previousB && currentA < currentB {
                            out[t] = SignalSeries.exit
                        }
                        previousA = currentA
                        previousB = currentB
                    }
                }
            }
        }
        return SignalSeries(flags: flags)
    }
}

extension SignalSeries {
    /// Breakout signals: entry when `price` crosses above `upper`, exit when it crosses below
    /// `lower` (both crossings as in `crossing(_:over:)`).
    public static func breakout(_ price: [Double], above upper: [Double], exitBelow lower: [Double]) -> SignalSeries {
        let up = crossing(price, over: upper)
        let down = crossing(price, over: lower)
        var flags = [UInt8](repeating: 0, count: price.count)
        for t in 0..<flags.count {
            if up.flags[t] & entry != 0 {
                flags[t] = entry
            } else if down.flags[t] & exit != 0 {
                flags[t] = exit
            }
        }
        return SignalSeries(flags: flags)
    }
}

/// Emits entry and exit signals at each close, from data up to and including that bar.
public protocol SignalGenerator: Sendable {
    /// The signals for every bar of the data it was built over.
    func signals() -> SignalSeries
}

/// Stop and target levels set when a position opens.
public struct ExitLevels: Sendable, Equatable {
    /// Sell when the low reaches this price; nil for none.
    public var stop: Double?
    /// Sell when the high reaches this price; nil for none.
    public var target: Double?

    /// Creates levels.
    public init(stop: Double? = nil, target: Double? = nil) {
        self.stop = stop
        self.target = target
    }
}

/// Decides how an open position ends besides the generator's exit signal.
public protocol ExitPlanner: Sendable {
    /// Levels for a position filled at `price` after a signal at bar `signalBar`.
    func levels(entryPrice price: Double, signalBar: Int) -> ExitLevels
    /// A trailing stop as a fraction below the highest high since entry; nil for none.
    var trailFraction: Double? { get }
    /// Close the position after this many bars in it; nil for no limit.
    var maxBars: Int? { get }
    /// Whether the generator's exit signal also closes the position.
    var honoursSignalExit: Bool { get }
}

/// What a size planner knows when an entry fills.
public struct SizingContext: Sendable {
    /// Equity (cash, as the strategy is flat) at the fill.
    public var equity: Double
    /// Fill price.
    public var price: Double
    /// The stop level of the new position, if the exit planner sets one.
    public var stop: Double?
    /// Fee as a fraction of traded value.
    public var feeRate: Double
    /// Whether units are floored to whole numbers.
    public var wholeUnits: Bool

    /// `numerator / denominator` units: the exact quotient, or floored as Python's float `//`
    /// (which backtesting.py uses) when whole units are required.
    public func units(_ numerator: Double, over denominator: Double) -> Double {
        guard denominator > 0, numerator > 0 else { return 0 }
        return wholeUnits ? PythonFloat.floorDivide(numerator, denominator) : numerator / denominator
    }

    /// The most units that `fraction` of equity buys, fees included: `fraction * equity / (P * (1 + fee))`.
    ///
    /// With whole units this is computed exactly as backtesting.py sizes an order for "all
    /// available cash": it asks for (1 - 2^-52) of the cash and divides by P + fee per unit with
    /// Python's float `//`, so a price that divides the cash exactly buys one unit less.
    public func affordable(fraction: Double) -> Double {
        guard wholeUnits else { return units(equity * fraction, over: price * (1 + feeRate)) }
        let almostOne = 1.0 - 0x1p-52
        let pricePlusFee = price + (almostOne * price * feeRate) / almostOne
        return units(equity * fraction * almostOne, over: pricePlusFee)
    }
}

/// Decides how many units an entry buys.
public protocol SizePlanner: Sendable {
    /// Units to buy (the engine caps them at what equity affords).
    func units(_ context: SizingContext) -> Double
}

/// Allows or forbids entries bar by bar.
public protocol RegimeFilter: Sendable {
    /// Whether an entry signalled at the close of each bar is allowed.
    func allowsEntry() -> [Bool]
}

/// A portfolio-level rule over the equity, consulted when an entry is signalled.
public protocol PortfolioOverlay: Sendable {
    /// Whether a new entry is allowed at this equity and running peak.
    func allowsEntry(equity: Double, peakEquity: Double) -> Bool
}

/// Python float arithmetic where it differs from the obvious Swift expression.
public enum PythonFloat {
    /// Python's `a // b` for floats: fmod-based, then floor, rounding up a quotient that is more
    /// than half past the floor. Not always equal to `floor(a / b)`.
    public static func floorDivide(_ a: Double, _ b: Double) -> Double {
        let m = a.truncatingRemainder(dividingBy: b)
        var div = (a - m) / b
        if m != 0 && ((b < 0) != (m < 0)) { div -= 1 }
        if div == 0 { return 0 }
        var floorDiv = div.rounded(.down)
        if div - floorDiv > 0.5 { floorDiv += 1 }
        return floorDiv
    }
}
