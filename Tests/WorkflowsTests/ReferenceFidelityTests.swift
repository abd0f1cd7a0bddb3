import Engine
import Foundation
import Storage
import Study
import Testing
import Workflows

/// Backlab's engine against backtesting.py 0.6.6, empyrical, quantstats and scipy, on Backlab's own
/// synthetic data.
/// The expected values were written by scripts/reference/generate.sh (see its README section).
@Suite struct ReferenceFidelityTests {
    struct Expected: Decodable {
        struct ClosedTrade: Decodable {
            let entryBar: Int, exitBar: Int, size: Double, entryPrice: Double, exitPrice: Double, pnl: Double
        }
        struct OpenTrade: Decodable { let entryBar: Int, size: Double, entryPrice: Double }
        let dataSha256: String
        let bars: Int
        let exactSmaTies: Int
        let trades: [ClosedTrade]
        let openTrade: OpenTrade?
        let finalEquity: Double
        let maxDrawdown: Double
        let periodsPerYear: Double
        let sharpeRatio: Double
        let sortinoRatio: Double
        let volatility: Double
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reference")
    static let cases = ["daily_signal", "daily_bracket", "minute_signal", "minute_bracket"]

    static func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }

    static func load(_ name: String) throws -> (AppConfig, LoadedData, Expected) {
        let folder = fixtures.appendingPathComponent(name)
        let config = try RunConfigDecoder.load(path: folder.appendingPathComponent("run.yaml").path)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let expected = try decoder.decode(Expected.self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
        return (config, try LoadedData(config.data), expected)
    }

    @Test(arguments: cases)
    func theDataIsTheDataTheReferenceRanOn(name: String) throws {
        let (_, data, expected) = try Self.load(name)
        let bars = data.market.bars
        let daily = bars.time.allSatisfy { $0 % UTCDate.millisPerDay == 0 }
        #expect(SHA256Digest.hex(Array(bars.csvText(dateOnly: daily).utf8)) == expected.dataSha256)
        #expect(bars.count == expected.bars)
    }

    @Test(arguments: cases)
    func everyClosedTradeAndTheFinalEquityMatch(name: String) throws {
        let (config, data, expected) = try Self.load(name)
        let result = try StrategyOrchestrator.run(config, data: data)
        // backtesting.py leaves the last open trade unclosed; Backlab closes it as `end`.
        let closed = result.trades.filter { $0.exitReason != .end }
        #expect(closed.count == expected.trades.count)
        #expect(expected.trades.count > 40)
        for (ours, theirs) in zip(closed, expected.trades) {
            #expect(
                ours.entryBar == theirs.entryBar && ours.exitBar == theirs.exitBar && ours.size == theirs.size,
                "trade entered at bar \(theirs.entryBar)")
            #expect(Self.close(ours.entryPrice, theirs.entryPrice) && Self.close(ours.exitPrice, theirs.exitPrice))
            #expect(abs(ours.pnl - theirs.pnl) <= 1e-9 * max(abs(theirs.pnl), 1))
        }
        if let open = expected.openTrade {
            let last = try #require(result.trades.last)
            #expect(
                last.exitReason == .end && last.entryBar == open.entryBar && last.size == open.size
                    && Self.close(last.entryPrice, open.entryPrice))
        } else {
            #expect(result.trades.last?.exitReason != .end)
        }
        #expect(Self.close(result.metrics[.finalEquity]!, expected.finalEquity))
        #expect(Self.close(result.metrics[.maxDrawdown]!, expected.maxDrawdown))
    }

    @Test(arguments: cases)
    func sharpeSortinoAndVolatilityMatchEmpyrical(name: String) throws {
        let (config, data, expected) = try Self.load(name)
        let result = try StrategyOrchestrator.run(config, data: data)
        #expect(result.periodsPerYear == expected.periodsPerYear)
        #expect(Self.close(result.metrics[.sharpeRatio]!, expected.sharpeRatio))
        #expect(Self.close(result.metrics[.sortinoRatio]!, expected.sortinoRatio))
        #expect(Self.close(result.metrics[.volatility]!, expected.volatility))
    }

    /// DESIGN section 4's second set, each from its library (scripts/reference/reference.py): the
    /// fixture's keys are the metric ids.
    static let secondSet: [MetricID] = [
        .buyAndHoldReturn, .equityPeak, .avgDrawdown, .avgDrawdownDuration, .maxTradeDuration, .kellyCriterion, .alpha, .beta,
        .omegaRatio, .tailRatio, .valueAtRisk, .conditionalValueAtRisk, .ulcerIndex, .probabilisticSharpeRatio,
    ]

    @Test(arguments: cases)
    func theSecondMetricsSetMatchesBacktestingPyEmpyricalQuantstatsAndScipy(name: String) throws {
        let (config, data, _) = try Self.load(name)
        let folder = Self.fixtures.appendingPathComponent(name)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("expected.json"))) as? [String: Any])
        let result = try StrategyOrchestrator.run(config, data: data)
        // The reference closes the open trade as Backlab's `end` trade does, so both count it.
        #expect(result.trades.count == json["trades_with_end"] as? Int)
        for id in Self.secondSet {
            let theirs = try #require(json[id.rawValue] as? Double, "\(id.rawValue) is in the fixture")
            let ours = try #require(result.metrics[id], "\(id.rawValue) is defined")
            // Bar counts and their means are exact; everything else within 1e-9 relative.
            if id == .maxTradeDuration || id == .avgDrawdownDuration {
                #expect(ours == theirs, "\(id.rawValue)")
            } else {
                #expect(Self.close(ours, theirs), "\(id.rawValue): \(ours) against \(theirs)")
            }
        }
    }

    @Test func theTickGridCaseHasExactTiesThatANaiveRunningSumWouldBreak() throws {
        let (config, data, expected) = try Self.load("minute_signal")
        #expect(expected.exactSmaTies > 0)
        let close = data.market.bars.close
        let fast = config.strategy.signalGenerator.params.int("fast")
        let slow = config.strategy.signalGenerator.params.int("slow")
        func naive(_ period: Int) -> [Double] {
            var sum = 0.0
            return close.indices.map { i in
                sum += close[i]
                if i >= period { sum -= close[i - period] }
                return i >= period - 1 ? sum / Double(period) : .nan
            }
        }
        let ours = SignalSeries.crossing(Indicators.sma(close, period: fast), over: Indicators.sma(close, period: slow))
        let plain = SignalSeries.crossing(naive(fast), over: naive(slow))
        var ties = 0
        let f = Indicators.sma(close, period: fast)
        let s = Indicators.sma(close, period: slow)
        for i in close.indices where f[i] == s[i] { ties += 1 }
        #expect(ties == expected.exactSmaTies)
        #expect(ours.flags != plain.flags, "the fixture must exercise tie handling")
    }
}
