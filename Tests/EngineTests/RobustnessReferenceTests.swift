import Foundation
import Testing

@testable import Engine

/// PSR, DSR and PBO against scripts/reference/robustness.py, which computes them with numpy and
/// scipy from the papers (PBO the direct way, from the T × N matrix) on seeded returns: 12
/// configurations × 487 days, S = 16 and S = 10 (487 is a multiple of neither: the leading
/// remainder is left out). Agreement required: 1e-9 relative.
@Suite struct RobustnessReferenceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/robustness")

    struct Returns: Decodable { var returns: [[Double]] }
    struct Expected: Decodable {
        struct Run: Decodable { var sharpe, skewness, kurtosis, psr0: Double }
        struct CSCV: Decodable {
            var blocks, splits: Int
            var pbo, probabilityOfLoss, degradationSlope, degradationIntercept, logitSum, logitSumOfSquares: Double
            var logits, inSampleSharpe, outOfSampleSharpe: [Double]
            var bestRuns: [Int]
        }
        var count, bestRun, trials: Int
        var runs: [Run]
        var sharpeVariance, expectedMaximumSharpe, deflatedSharpe: Double
        var cscv: [CSCV]
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func agrees(_ value: Double?, _ reference: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let value else {
            Issue.record("\(what): nil, reference \(reference)", sourceLocation: sourceLocation)
            return
        }
        let ok = reference == 0 ? abs(value) <= 1e-15 : abs(value - reference) <= 1e-9 * abs(reference)
        #expect(ok, "\(what): \(value) against \(reference)", sourceLocation: sourceLocation)
    }

    @Test func probabilisticAndDeflatedSharpe() throws {
        let returns = try Self.load("returns.json", as: Returns.self).returns
        let expected = try Self.load("expected.json", as: Expected.self)
        #expect(returns.count == expected.runs.count && returns[0].count == expected.count)
        var sharpes: [Double] = []
        for (i, (series, reference)) in zip(returns, expected.runs).enumerated() {
            let moments = try #require(ReturnMoments(series))
            Self.agrees(moments.sharpe, reference.sharpe, "run \(i) Sharpe")
            Self.agrees(moments.skewness, reference.skewness, "run \(i) skewness")
            Self.agrees(moments.kurtosis, reference.kurtosis, "run \(i) kurtosis")
            Self.agrees(SharpeStatistics.probabilisticSharpe(moments, benchmark: 0), reference.psr0, "run \(i) PSR(0)")
            sharpes.append(moments.sharpe)
        }
        let best = try #require(sharpes.indices.max { sharpes[$0] < sharpes[$1] })
        #expect(best == expected.bestRun)
        let variance = try #require(SharpeStatistics.variance(ofSharpes: sharpes))
        Self.agrees(variance, expected.sharpeVariance, "V")
        Self.agrees(
            SharpeStatistics.expectedMaximumSharpe(trials: sharpes.count, variance: variance), expected.expectedMaximumSharpe, "SR0")
        let moments = try #require(ReturnMoments(returns[best]))
        Self.agrees(SharpeStatistics.deflatedSharpe(moments, trials: expected.trials, variance: variance), expected.deflatedSharpe, "DSR")
    }

    @Test(arguments: [16, 10]) func probabilityOfBacktestOverfitting(blocks: Int) throws {
        let returns = try Self.load("returns.json", as: Returns.self).returns
        let reference = try #require(try Self.load("expected.json", as: Expected.self).cscv.first { $0.blocks == blocks })
        let runs = try returns.map { try #require(BlockMoments(returns: $0, blocks: blocks)) }
        let result = try #require(OverfittingAnalysis(runs: runs))
        #expect(result.splits.count == reference.splits)
        #expect(result.probabilityOfOverfitting == reference.pbo)
        #expect(result.probabilityOfLoss == reference.probabilityOfLoss)
        Self.agrees(result.degradationSlope, reference.degradationSlope, "slope")
        Self.agrees(result.degradationIntercept, reference.degradationIntercept, "intercept")
        let logits = result.logits
        Self.agrees(logits.reduce(0, +), reference.logitSum, "sum of logits")
        Self.agrees(logits.reduce(0) { $0 + $1 * $1 }, reference.logitSumOfSquares, "sum of squared logits")
        for (i, split) in result.splits.prefix(reference.logits.count).enumerated() {
            #expect(split.bestRun == reference.bestRuns[i], "split \(i)")
            Self.agrees(split.logit, reference.logits[i], "split \(i) logit")
            Self.agrees(split.inSampleSharpe, reference.inSampleSharpe[i], "split \(i) in-sample Sharpe")
            Self.agrees(split.outOfSampleSharpe, reference.outOfSampleSharpe[i], "split \(i) out-of-sample Sharpe")
        }
    }
}
