/// Why a position was closed.
public enum ExitReason: String, Sendable, CaseIterable, Codable {
    /// The generator's exit signal.
    case signal
    /// The stop level.
    case stop
    /// The target level.
    case target
    /// The trailing stop.
    case trail
    /// The holding-time limit.
    case time
    /// Still open after the last bar, closed at the last close.
    case end
}

/// One round trip: a long position from entry to exit.
public struct Trade: Sendable, Equatable {
    /// Bar index of the entry fill.
    public var entryBar: Int
    /// Bar index of the exit fill.
    public var exitBar: Int
    /// Entry fill time (bar open time).
    public var entryTime: Int64
    /// Exit fill time (bar open time).
    public var exitTime: Int64
    /// Entry fill price, slippage included.
    public var entryPrice: Double
    /// Exit fill price, slippage included.
    public var exitPrice: Double
    /// Units held.
    public var size: Double
    /// Entry fee plus exit fee.
    public var fees: Double
    /// size * (exit - entry) - fees.
    public var pnl: Double
    /// (exit / entry - 1) - fees / (size * entry).
    public var returnFraction: Double
    /// Why it closed.
    public var exitReason: ExitReason

    /// Creates a trade record.
    public init(
        entryBar: Int, exitBar: Int, entryTime: Int64, exitTime: Int64, entryPrice: Double, exitPrice: Double,
        size: Double, fees: Double, pnl: Double, returnFraction: Double, exitReason: ExitReason
    ) {
        self.entryBar = entryBar
        self.exitBar = exitBar
        self.entryTime = entryTime
        self.exitTime = exitTime
        self.entryPrice = entryPrice
        self.exitPrice = exitPrice
        self.size = size
        self.fees = fees
        self.pnl = pnl
        self.returnFraction = returnFraction
        self.exitReason = exitReason
    }
}
