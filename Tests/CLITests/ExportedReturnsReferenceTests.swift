import Foundation
import Testing

/// The whole robustness pipeline against an independent computation from the raw returns: a build
/// makes each run's daily returns, keeps only their moments and block sums in the cache, and
/// computes PSR, DSR and PBO from those; scripts/reference/robustness.py (numpy and scipy, from
/// the papers, PBO the direct way from the T × N matrix) computes them from the daily returns that
/// `backlab export-returns` wrote for the same study (Fixtures/robustness-study: 30 runs, 599
/// daily returns, a multiple of neither 16 nor 10). Agreement required: 1e-9 relative, counts
/// exact. Regenerate the fixture with scripts/reference/robustness.sh.
@Suite struct ExportedReturnsReferenceTests {
    static let study = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/robustness-study")

    /// The figures results.json and expected.json have in common.
    struct Figures: Decodable {
        struct Overfitting: Decodable {
            var splits: Int
            var pbo, probabilityOfLoss, degradationSlope, degradationIntercept: Double
        }
        var returns, trials, bestRun: Int
        var sharpe, skewness, kurtosis, probabilisticSharpeRatio, sharpeVariance, expectedMaximumSharpe, deflatedSharpeRatio: Double
        var overfitting: Overfitting
    }

    /// expected.json's own fields.
    struct Reference: Decodable {
        struct Overfitting: Decodable { var blocks, overfitSplits, lossSplits: Int }
        var overfitting: Overfitting
    }

    /// results.json: the robustness figures, with their own fields (read twice, once as each).
    struct Results<Robustness: Decodable>: Decodable {
        struct Optimization: Decodable {
            var bestRun: Int
            var robustness: Robustness
        }
        var optimization: Optimization
    }

    /// results.json's robustness fields that expected.json does not have.
    struct Counts: Decodable { var blocks, measuredRuns: Int }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }

    static func agrees(_ value: Double, _ reference: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let ok = reference == 0 ? abs(value) <= 1e-15 : abs(value - reference) <= 1e-9 * abs(reference)
        #expect(ok, "\(what): Backlab \(value), robustness.py \(reference)", sourceLocation: sourceLocation)
    }

    @Test func aFreshBuildAgreesWithTheScriptOnTheExportedReturns() throws {
        let files = try ["run.yaml", "optimization.yaml"].map { name in
            ("studies/robustness-study/\(name)", try String(contentsOf: Self.study.appendingPathComponent(name), encoding: .utf8))
        }
        let project = try BuildFixture(files: Dictionary(uniqueKeysWithValues: files))
        let build = try project.build(["--no-render"])
        #expect(build.status == 0, "\(build.stderr)")
        let data = Data(try project.read("output/robustness-study/results.json").utf8)
        let results = try Self.decode(Results<Counts>.self, data)
        let built = try Self.decode(Results<Figures>.self, data).optimization.robustness
        let expectedData = try Data(contentsOf: Self.study.appendingPathComponent("expected.json"))
        let expected = try Self.decode(Figures.self, expectedData)
        let reference = try Self.decode(Reference.self, expectedData)

        #expect(built.returns == expected.returns, "T")
        #expect(built.trials == expected.trials, "N: a fresh ledger holds exactly the grid")
        #expect(results.optimization.robustness.measuredRuns == expected.trials)
        #expect(built.bestRun == expected.bestRun && results.optimization.bestRun == expected.bestRun, "best run")
        Self.agrees(built.sharpe, expected.sharpe, "Sharpe ratio")
        Self.agrees(built.skewness, expected.skewness, "skewness")
        Self.agrees(built.kurtosis, expected.kurtosis, "kurtosis")
        Self.agrees(built.probabilisticSharpeRatio, expected.probabilisticSharpeRatio, "PSR(0)")
        Self.agrees(built.sharpeVariance, expected.sharpeVariance, "V")
        Self.agrees(built.expectedMaximumSharpe, expected.expectedMaximumSharpe, "SR0")
        Self.agrees(built.deflatedSharpeRatio, expected.deflatedSharpeRatio, "DSR")

        #expect(results.optimization.robustness.blocks == reference.overfitting.blocks)
        let splits = built.overfitting.splits
        #expect(splits == 12_870 && expected.overfitting.splits == splits, "C(16, 8) splits")
        // PBO and the probability of loss are counts of splits over 12,870: exactly the same counts.
        #expect(
            built.overfitting.pbo == expected.overfitting.pbo,
            "PBO: Backlab \(built.overfitting.pbo), robustness.py \(expected.overfitting.pbo)")
        #expect((built.overfitting.pbo * Double(splits)).rounded() == Double(reference.overfitting.overfitSplits), "overfit splits")
        #expect(built.overfitting.probabilityOfLoss == expected.overfitting.probabilityOfLoss, "probability of loss")
        #expect((built.overfitting.probabilityOfLoss * Double(splits)).rounded() == Double(reference.overfitting.lossSplits), "loss splits")
        Self.agrees(built.overfitting.degradationSlope, expected.overfitting.degradationSlope, "degradation slope")
        Self.agrees(built.overfitting.degradationIntercept, expected.overfitting.degradationIntercept, "degradation intercept")
    }

    /// The committed returns are still what Backlab exports, byte for byte (the shortest
    /// round-trip form of each double is unique, so equal text is equal numbers).
    @Test func theCommittedReturnsAreWhatBacklabExports() throws {
        let folder = try BacklabBinary.folder([:])
        let output = folder.appendingPathComponent("returns.csv")
        let export = try BacklabBinary.run(["export-returns", Self.study.path, "-o", output.path])
        #expect(export.status == 0, "\(export.stderr)")
        let exported = try String(contentsOf: output, encoding: .utf8)
        let committed = try String(contentsOf: Self.study.appendingPathComponent("returns.csv"), encoding: .utf8)
        let lines = (exported.split(separator: "\n"), committed.split(separator: "\n"))
        #expect(
            lines.0.count == 600 && lines.0.first?.hasPrefix("date,run_1,run_2,") == true && lines.0.first?.hasSuffix(",run_30") == true)
        if let row = zip(lines.0, lines.1).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("line \(row.offset + 1) differs:\nexported  \(row.element.0)\ncommitted \(row.element.1)")
        }
        let same = exported == committed  // not in the expectation, which would print both files
        #expect(same, "the export differs from the committed returns.csv")
    }

    @Test func aStudyWithoutAGridIsALocatedError() throws {
        let project = try BuildFixture(files: [
            "studies/single/run.yaml": "data: {synthetic: {seed: 1, bars: 100}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
        ])
        let export = try BacklabBinary.run(["export-returns", "studies/single"], in: project.root)
        #expect(export.status == 1)
        #expect(export.stdout.isEmpty)
        #expect(
            export.stderr == """
                studies/single/optimization.yaml: error: file not found
                  hint: export-returns writes the daily returns of a study's grid; this study has no optimization.yaml

                """)
    }

    @Test func aGridWhoseRunsCoverDifferentDaysIsALocatedError() throws {
        let project = try BuildFixture(files: [
            "studies/bars/run.yaml": "data: {synthetic: {seed: 1, bars: 300}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n",
            "studies/bars/optimization.yaml": "objective: sharpe_ratio\nparameters:\n  data.synthetic.bars: {values: [300, 400]}\n",
        ])
        let export = try BacklabBinary.run(["export-returns", "studies/bars/"], in: project.root)
        #expect(export.status == 1)
        #expect(export.stdout.isEmpty)
        #expect(
            export.stderr == """
                studies/bars/optimization.yaml: error: run 1 has 299 daily returns (2015-01-05 to 2016-02-25), run 2 has 399 (2015-01-05 to 2016-07-14)
                  hint: export-returns writes one row per day for every run, so the grid's runs must cover the same days

                """)
    }
}
