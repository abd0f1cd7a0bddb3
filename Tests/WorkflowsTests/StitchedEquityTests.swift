import Engine
import Foundation
import Study
import Testing

@testable import Workflows

/// The stitched out-of-sample equity on hand-made windows: traded windows chained, skipped ones flat.
@Suite struct StitchedEquityTests {
    static let day = UTCDate.millisPerDay

    /// A traded window of daily bars from `start`: the capital at its first bar, then `days` day-end equities.
    static func window(from start: Int64, _ days: [Double], exposure: Double) -> StoredResult {
        let times = (0..<days.count).map { start + Int64($0) * day }
        return StoredResult(
            metrics: Metrics([.exposure: exposure]), trades: [], equityTime: times, equity: days, bars: days.count, periodsPerYear: 252,
            warnings: [], monthEnds: [], dayEquity: [(start, 10_000)] + zip(times, days).map { ($0, $1) })
    }

    static let config = AppConfig(
        data: DataConfig(source: .file(path: "/x", displayPath: "x")),
        strategy: StrategySpec(signalGenerator: .named("sma_cross", in: .signalGenerator)))

    @Test func tradedWindowsCompoundAndASkippedOneStaysFlatOverItsDays() throws {
        let first = Self.window(from: 0, [10_500, 11_000], exposure: 1)  // +10%
        let third = Self.window(from: 10 * Self.day, [9_000, 9_900], exposure: 0.5)  // -1%
        let skipped = StitchedEquity.Piece.flat(start: 5 * Self.day, dayEnds: [5 * Self.day, 6 * Self.day, 7 * Self.day], bars: 3)
        let stitched = try #require(StitchedEquity([.traded(first), skipped, .traded(third)], config: Self.config))
        #expect(stitched.times == [0, 0, Self.day, 5 * Self.day, 6 * Self.day, 7 * Self.day, 10 * Self.day, 11 * Self.day])
        #expect(stitched.equity == [10_000, 10_500, 11_000, 11_000, 11_000, 11_000, 9_900, 10_890])
        #expect(stitched.metrics[.finalEquity] == 10_890)
        #expect(abs(stitched.metrics[.totalReturn]! - 0.089) < 1e-12)
        // Exposure over all 7 out-of-sample bars: 2 bars at 1, 3 flat, 2 at 0.5.
        #expect(abs(stitched.metrics[.exposure]! - 3.0 / 7) < 1e-12)
        // The drawdown from 11,000 to 9,900.
        #expect(abs(stitched.metrics[.maxDrawdown]! - 0.1) < 1e-12)
        #expect(stitched.metrics[.maxDrawdownDuration] == 2)
    }

    @Test func aSkippedFirstWindowStartsAtTheCapitalAndNoTradedWindowIsNothing() throws {
        let skipped = StitchedEquity.Piece.flat(start: 0, dayEnds: [0, Self.day], bars: 2)
        let traded = Self.window(from: 2 * Self.day, [10_100], exposure: 1)
        let stitched = try #require(StitchedEquity([skipped, .traded(traded)], config: Self.config))
        #expect(stitched.times == [0, 0, Self.day, 2 * Self.day] && stitched.equity == [10_000, 10_000, 10_000, 10_100])
        #expect(StitchedEquity([skipped], config: Self.config) == nil)
        var missing = traded
        missing.dayEquity = nil
        #expect(StitchedEquity([.traded(missing)], config: Self.config) == nil)
    }

    @Test func intradayBarsHaveNoDrawdownDurationInBars() throws {
        // Two days of hourly bars: 48 bars, 2 day-end points.
        var window = Self.window(from: 0, [9_000, 9_500], exposure: 1)
        window.bars = 48
        let stitched = try #require(StitchedEquity([.traded(window)], config: Self.config))
        #expect(stitched.metrics[.maxDrawdownDuration] == nil && stitched.metrics[.maxDrawdown] != nil)
    }
}
