import Engine
import Foundation
import Storage
import Testing

@testable import Study

/// `data.trade_start`, and data keys as grid parameters (DESIGN section 8).
@Suite struct DataKeyTests {
    static let folder = URL(fileURLWithPath: "/studies/x")
    static let run = "data: {synthetic: {seed: 1, bars: 800}, start: 2015-03-02}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"

    func decode(_ yaml: String) throws -> AppConfig {
        let root = try YAMLSource(text: yaml, displayPath: "studies/x/run.yaml", folder: Self.folder).root
        return try RunConfigDecoder.decode(root, file: "studies/x/run.yaml", folder: Self.folder)
    }

    func study(_ optimization: String, run: String = Self.run) throws -> StudyDefinition {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-datakey-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(run.utf8).write(to: folder.appendingPathComponent("run.yaml"))
        try Data(optimization.utf8).write(to: folder.appendingPathComponent("optimization.yaml"))
        return try StudyLoader.loadStudy(id: "g", folder: folder, displayFolder: "g")
    }

    func errors(_ optimization: String) -> String {
        do {
            _ = try study(optimization)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func tradeStartIsReadAndCheckedAgainstTheLoadedRange() throws {
        let config = try decode(
            "data: {file: a.csv, start: 2016-01-01, trade_start: 2017-01-02T09:30:00Z, end: 2018-12-31}\n"
                + "strategy: {signal_generator: {plugin: sma_cross}}\n")
        #expect(config.data.tradeStart == UTCDate.days(year: 2017, month: 1, day: 2) * UTCDate.millisPerDay + 34_200_000)
        #expect(config.data.loaded.tradeStart == nil && config.data.loaded.start == config.data.start)
        let late = "data: {file: a.csv, trade_start: 2019-01-01, end: 2018-12-31}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
        #expect(throws: DiagnosticList.self) { try decode(late) }
        do { _ = try decode(late) } catch {
            #expect(
                "\(error)"
                    == "studies/x/run.yaml:1:34: error: data.trade_start is after data.end\n  hint: trading starts at or before data.end")
        }
    }

    @Test func aTradeStartChangesTheHashAndNoTradeStartKeepsIt() throws {
        let plain = try decode(Self.run)
        var ranged = plain
        ranged.data.tradeStart = UTCDate.days(year: 2016, month: 1, day: 4) * UTCDate.millisPerDay
        // The canonical JSON names trade_start only when it is set.
        #expect(!plain.canonicalJSON(dataFingerprint: "f").text().contains("trade_start"))
        #expect(ranged.canonicalJSON(dataFingerprint: "f").text().contains("\"trade_start\":1451865600000"))
        #expect(ConfigHash.of(plain, dataFingerprint: "f") != ConfigHash.of(ranged, dataFingerprint: "f"))
    }

    @Test func dataKeysAreGridParameters() throws {
        let s = try study(
            """
            parameters:
              data.trade_start: {values: [2016-01-04, "2016-07-01T12:00:00Z"]}
              data.end: {values: [2017-06-30]}
              data.synthetic.seed: {values: [7, 8]}
            """)
        #expect(
            (0..<s.runCount).map(s.label(at:)) == [
                "trade_start=2016-01-04 end=2017-06-30 seed=7", "trade_start=2016-01-04 end=2017-06-30 seed=8",
                "trade_start=2016-07-01T12:00:00Z end=2017-06-30 seed=7", "trade_start=2016-07-01T12:00:00Z end=2017-06-30 seed=8",
            ])
        let last = s.config(at: 3)
        #expect(last.data.tradeStart == UTCDate.days(year: 2016, month: 7, day: 1) * UTCDate.millisPerDay + 43_200_000)
        // A bare date as end covers its whole day, as in run.yaml.
        #expect(last.data.end == UTCDate.days(year: 2017, month: 7, day: 1) * UTCDate.millisPerDay - 1)
        guard case .synthetic(let source) = last.data.source else {
            Issue.record("not synthetic")
            return
        }
        #expect(source.seed == 8 && source.bars == 800)
        #expect(last.data.start == s.base.data.start)
    }

    @Test func badDataParametersGetLocatedErrors() {
        #expect(
            errors("parameters:\n  data.trade_strat: {values: [2016-01-04]}\n")
                == "g/optimization.yaml:2:3: error: unknown parameter 'data.trade_strat' (did you mean 'data.trade_start'?)\n"
                + "  hint: a grid varies plugin parameters of the plugins run.yaml uses, platform or metrics settings, and data keys")
        #expect(
            errors("parameters:\n  data.trade_start: {values: [2016-13-01]}\n")
                == "g/optimization.yaml:2:31: error: data.trade_start '2016-13-01' is not a date or time\n"
                + "  hint: write 2020-01-31 or 2020-01-31T09:30:00Z")
        // A file on synthetic data is no parameter of this run.yaml.
        #expect(
            errors("parameters:\n  data.file: {values: [a.csv]}\n").hasPrefix(
                "g/optimization.yaml:2:3: error: unknown parameter 'data.file'"))
    }

    @Test func momentumIsReadCheckedAndAGridParameter() throws {
        func momentum(_ config: AppConfig) -> Double? {
            guard case .synthetic(let source) = config.data.source else { return nil }
            return source.momentum
        }
        #expect(momentum(try decode(Self.run)) == 0)
        let trending = "data: {synthetic: {seed: 1, momentum: 0.5}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
        #expect(momentum(try decode(trending)) == 0.5)
        for value in ["0.95", "-1"] {
            let yaml = "data: {synthetic: {seed: 1, momentum: \(value)}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
            do {
                _ = try decode(yaml)
                Issue.record("momentum \(value) was accepted")
            } catch {
                #expect(
                    "\(error)"
                        == "studies/x/run.yaml:1:39: error: data.synthetic.momentum is \(value), but must be at least -0.9 and at most 0.9\n"
                        + "  hint: how much returns follow their past month's trend: 0.5 trends, -0.3 reverts, 0 is a random walk")
            }
        }
        let s = try study("parameters:\n  data.synthetic.momentum: {values: [0, 0.5]}\n")
        #expect((0..<s.runCount).map(s.label(at:)) == ["momentum=0", "momentum=0.5"])
        #expect((0..<s.runCount).map { momentum(s.config(at: $0)) } == [0, 0.5])
        #expect(
            errors("parameters:\n  data.synthetic.momentum: {values: [0.5, 1.5]}\n")
                == "g/optimization.yaml:2:43: error: data.synthetic.momentum is 1.5, but must be at least -0.9 and at most 0.9\n"
                + "  hint: how much returns follow their past month's trend: 0.5 trends, -0.3 reverts, 0 is a random walk")
    }

    @Test func aGridOverDataFilesCountsEachFileInTheStudysData() throws {
        let s = try StudyLoader.outline(
            of: StudySource.read(id: "g", folder: try folderWith(files: ["a.csv", "b.csv"]), displayFolder: "g"))
        let files = s.dataSections.compactMap { section -> String? in
            if case .file(_, let shown) = section.source { return shown }
            return nil
        }
        #expect(files == ["g/a.csv", "g/b.csv"])
    }

    func folderWith(files: [String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-datafiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("data: {file: a.csv}\nstrategy: {signal_generator: {plugin: sma_cross}}\n".utf8).write(
            to: folder.appendingPathComponent("run.yaml"))
        try Data("parameters:\n  data.file: {values: [a.csv, b.csv]}\n".utf8).write(to: folder.appendingPathComponent("optimization.yaml"))
        return folder
    }
}
