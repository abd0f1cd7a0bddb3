import Engine
import Foundation
import Study
import Testing

@testable import Workflows

/// What a cache entry keeps for the robustness statistics, made when the run runs.
@Suite struct StoredResultTests {
    static func result(_ extra: String = "") throws -> BacktestResult {
        let config = try StrategyOrchestratorTests.config(
            """
            data: {synthetic: {seed: 8, bars: 700, timeframe: 4h}}
            strategy: {signal_generator: {plugin: sma_cross, params: {fast: 5, slow: 20}}}
            \(extra)
            """)
        return try StrategyOrchestrator.run(config)
    }

    @Test func theStatisticsAreThoseOfTheDailyExcessReturnsOfTheEquityAtDayEnds() throws {
        let result = try Self.result("metrics: {risk_free_rate: 0.05, periods_per_year: 365}")
        // By hand: the equity at each day's last bar (4-hour bars: six a day), simple returns,
        // less 5% a year over 365 periods.
        var dayEnd: [Int64: Double] = [:]
        for (t, e) in zip(result.time, result.equity) { dayEnd[t / UTCDate.millisPerDay] = e }
        let days = dayEnd.keys.sorted().map { dayEnd[$0]! }
        let daily: Double = 0.05 / 365
        let returns: [Double] = (1..<days.count).map { (i: Int) -> Double in days[i] / days[i - 1] - 1 - daily }
        #expect(returns.count == 700 / 6)
        let stored = StoredResult(result, needs: StatisticsNeeds(blockCounts: [16, 10]))
        #expect(stored.statistics.moments == ReturnMoments(returns))
        #expect(stored.statistics.blocks == [BlockMoments(returns: returns, blocks: 10)!, BlockMoments(returns: returns, blocks: 16)!])
        #expect(stored.statistics.blocks(16)?.counts == Array(repeating: returns.count / 16, count: 16))
        #expect(stored.statistics.blocks(12) == nil)
        // The Sharpe ratio of the excess returns is the run's own, per period.
        let annualised = try #require(result.metrics[.sharpeRatio])
        #expect(abs(try #require(stored.statistics.moments?.sharpe) * 365.0.squareRoot() - annualised) < 1e-12)
        #expect(stored.dayEquity == nil)
    }

    @Test func everythingKeptReadsBackBitForBitAndThePlanReadsWhatWasKept() throws {
        let result = try Self.result()
        let stored = StoredResult(result, needs: StatisticsNeeds(blockCounts: [16], dayEquity: true))
        let day = try #require(stored.dayEquity)
        #expect(day.first?.time == result.time.first && day.first?.equity == 10_000)
        #expect(day.last?.time == result.time.last && day.last?.equity == result.equity.last)
        #expect(day.count == 1 + Set(result.time.map { $0 / UTCDate.millisPerDay }).count)
        let decoded = try #require(StoredResult(decoding: stored.encoded()))
        #expect(decoded == stored)
        let summary = try #require(StoredResult(decoding: stored.encoded(), metricsOnly: true))
        #expect(summary.statistics == stored.statistics && summary.metrics == stored.metrics)
        #expect(summary.kept == StatisticsNeeds(blockCounts: [16], dayEquity: true))
        #expect(summary.trades.isEmpty && summary.equity.isEmpty)
        // Without needs: no blocks, no day equity; the moments are always there.
        let plain = try #require(StoredResult(decoding: StoredResult(result).encoded(), metricsOnly: true))
        #expect(plain.kept == .none && plain.statistics.moments != nil)
    }

    @Test func anEntryOfTheFormatBeforeTheSecondMetricsSetIsNotRead() throws {
        // Format 3 held 19 metrics; read as today's 33 it would shift every later field.
        var data = StoredResult(try Self.result()).encoded()
        #expect(data.first == 6)
        #expect(StoredResult(decoding: data) != nil)
        for older: UInt8 in [3, 4] {
            data[data.startIndex] = older
            #expect(StoredResult(decoding: data) == nil)
            #expect(StoredResult(decoding: data, metricsOnly: true) == nil)
        }
    }

    @Test func theCloseIsKeptAtEachEquityPointAndEntriesOfTheFormerFormatAreNotRead() throws {
        // 700 bars: every bar is kept, with its close.
        let short = try Self.result()
        let kept = StoredResult(short)
        #expect(kept.close == short.close.map { Double(Float($0)) } && kept.close.count == kept.equity.count)
        #expect(zip(kept.close, short.close).allSatisfy { abs($0 / $1 - 1) < 1e-7 })
        // 3,000 bars: the close at each kept point is that bar's own.
        let config = try StrategyOrchestratorTests.config(
            """
            data: {synthetic: {seed: 8, bars: 3000, timeframe: 4h}}
            strategy: {signal_generator: {plugin: sma_cross, params: {fast: 5, slow: 20}}}
            """)
        let long = try StrategyOrchestrator.run(config)
        let sampled = StoredResult(long)
        #expect(sampled.close.count == StoredResult.equityPoints)
        let index = Dictionary(uniqueKeysWithValues: long.time.enumerated().map { ($1, $0) })
        #expect(zip(sampled.equityTime, sampled.close).allSatisfy { Double(Float(long.close[index[$0]!])) == $1 })
        let decoded = try #require(StoredResult(decoding: sampled.encoded()))
        #expect(decoded.close == sampled.close)
        // An entry written before the closes were kept (format 4) is recomputed, never misread.
        var old = [UInt8](sampled.encoded())
        #expect(old[0] == 6)
        old[0] = 4
        #expect(StoredResult(decoding: Data(old)) == nil)
    }

    @Test func aSummaryKeepsAllButTheDetailAndEntriesOfFormat5StillRead() throws {
        let result = try Self.result()
        let whole = StoredResult(result, needs: StatisticsNeeds(blockCounts: [16], dayEquity: true))
        let summary = whole.summary
        #expect(summary.trades.isEmpty && summary.equity.isEmpty && summary.equityTime.isEmpty && summary.close.isEmpty)
        #expect(!summary.hasDetail && whole.hasDetail)
        #expect(
            summary.metrics == whole.metrics && summary.statistics == whole.statistics && summary.monthEnds.count == whole.monthEnds.count)
        let bytes = summary.encoded()
        #expect(bytes.count < whole.encoded().count / 5, "\(bytes.count) of \(whole.encoded().count) bytes")
        #expect(StoredResult(decoding: bytes) == summary)
        // The plan reads whether the detail is there from the summary part alone.
        #expect(StoredResult(decoding: bytes, part: .summary)?.kept == StatisticsNeeds(blockCounts: [16], dayEquity: true, detail: false))
        #expect(StoredResult(decoding: whole.encoded(), part: .summary)?.kept.detail == true)
        // Format 5 is format 6 without the detail byte, and always had the detail.
        var five = [UInt8](whole.encoded())
        #expect(five[1] == 1)
        five.remove(at: 1)
        five[0] = 5
        #expect(StoredResult(decoding: Data(five)) == whole)
        // A summary needs no detail; a study that needs it runs the run again.
        #expect(StatisticsNeeds(detail: false).isMet(by: summary.kept))
        #expect(!StatisticsNeeds(blockCounts: [16]).isMet(by: summary.kept))
    }

    @Test func blockSumsThatCannotBeMadeAreNotAskedForAgain() throws {
        // 60 four-hour bars: 9 daily returns, too few for 16 blocks (or 10), enough for 8.
        let config = try StrategyOrchestratorTests.config(
            """
            data: {synthetic: {seed: 8, bars: 60, timeframe: 4h}}
            strategy: {signal_generator: {plugin: sma_cross, params: {fast: 2, slow: 5}}}
            """)
        let stored = StoredResult(try StrategyOrchestrator.run(config), needs: StatisticsNeeds(blockCounts: [16, 8]))
        #expect(stored.statistics.moments?.count == 9)
        #expect(stored.statistics.blocks.map(\.blockCount) == [8])
        // Before, such an entry was never "cached": every build ran it again, for sums it could
        // never make.
        #expect(StatisticsNeeds(blockCounts: [16]).isMet(by: stored.kept))
        #expect(StatisticsNeeds(blockCounts: [10, 8]).isMet(by: stored.kept))
        #expect(!StatisticsNeeds(blockCounts: [4]).isMet(by: stored.kept))
    }

    @Test func needsAreMetOnlyByEntriesThatKeepAllOfThem() {
        let grid = StatisticsNeeds(blockCounts: [16])
        #expect(grid.isMet(by: StatisticsNeeds(blockCounts: [10, 16])))
        #expect(!grid.isMet(by: StatisticsNeeds(blockCounts: [10])))
        #expect(!StatisticsNeeds(dayEquity: true).isMet(by: grid))
        #expect(StatisticsNeeds.none.isMet(by: .none))
        #expect(
            grid.union(StatisticsNeeds(blockCounts: [10, 16], dayEquity: true)) == StatisticsNeeds(blockCounts: [16, 10], dayEquity: true))
    }
}
