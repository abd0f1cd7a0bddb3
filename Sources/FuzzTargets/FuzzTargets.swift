import Engine
import Foundation
import Storage
import Study
import Workflows

/// What the fuzzer feeds arbitrary bytes to (issue 12): the CSV loader, the study decoders, the
/// constraint language, the cache entry decoder and the bar store's reader (issue 15). Each must end in a value or an error for
/// any input, never a trap; `scripts/fuzz.sh TARGET SECONDS` runs one under libFuzzer with
/// AddressSanitizer, and FuzzCorpusTests replays the committed corpus and every crash found.
public enum FuzzTargets {
    /// The targets by name, as `scripts/fuzz.sh` and the corpus folders (`Fuzz/corpus/NAME`) name them.
    public static let all: [String: @Sendable (Data) -> Void] = [
        "csv": csv, "study": study, "expression": expression, "cache-entry": cacheEntry, "bar-store": barStore,
    ]

    /// The bytes as a data file.
    static func csv(_ data: Data) {
        do {
            let bars = try CSVBarLoader.parse(data, file: "fuzz.csv")
            _ = bars.count
        } catch {
            _ = DiagnosticList(from: error).description
        }
    }

    /// A study's four files as the build decodes them (grid expanded), valid but for one: the
    /// first byte picks run.yaml, optimization.yaml, variant.yaml or walkforward.yaml, the rest
    /// is that file.
    static func study(_ data: Data) {
        guard let selector = data.first else { return }
        let names = ["run.yaml", "optimization.yaml", "variant.yaml", "walkforward.yaml"]
        var files = baseStudy
        files[names[Int(selector) % names.count]] = Data(data.dropFirst())
        let source = StudySource(id: "fuzz", folder: URL(fileURLWithPath: "/nonexistent/fuzz"), displayFolder: "fuzz", files: files)
        do {
            let definition = try StudyLoader.definition(of: StudyLoader.outline(of: source))
            for index in 0..<min(definition.runCount, 50) { _ = ConfigHash.of(definition.config(at: index), dataFingerprint: "") }
        } catch {
            _ = DiagnosticList(from: error).description
        }
    }

    /// A study whose every file decodes: a grid, variants and a walk-forward over synthetic bars.
    static let baseStudy: [String: Data] = [
        "run.yaml": Data(
            """
            data: {synthetic: {seed: 1, bars: 500, timeframe: 1d}}
            strategy:
              signal_generator: {plugin: sma_cross, params: {fast: 10, slow: 30}}
              exit_planner: {plugin: atr_exit}
            """.utf8),
        "optimization.yaml": Data(
            """
            objective: sharpe_ratio
            parameters:
              strategy.signal_generator.params.fast: {start: 5, end: 20, step: 5}
              strategy.signal_generator.params.slow: [30, 40]
            where: ["fast < slow"]
            """.utf8),
        "variant.yaml": Data(
            """
            baseline: Base
            variants:
              - name: Base
              - name: Wide
                overrides: {strategy.exit_planner.params.risk_reward_ratio: 4}
            """.utf8),
        "walkforward.yaml": Data("in_sample: 200\nout_of_sample: 100\n".utf8),
    ]

    /// The bytes as a `where` constraint over three parameters, parsed and evaluated.
    static func expression(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        do {
            let parsed = try ExpressionParser.parse(text) { name, _ in .success(name.utf8.count % 3) }
            _ = parsed.evaluate { [1.5, -2, 0][$0] }
            _ = parsed.names
        } catch {
            _ = error.message
        }
    }

    /// The bytes as a cache entry file of the old layout (framing and checksum), as a pack (its
    /// records) and a pack's index, and as a payload in every part.
    static func cacheEntry(_ data: Data) {
        let bytes = [UInt8](data)
        if case .hit(let payload) = ResultCache.verify(bytes) { _ = StoredResult(decoding: payload, part: .all) }
        for record in PackRecord.records(in: bytes).records { _ = StoredResult(decoding: Data(record.payload), part: .all) }
        _ = PackIndexFile.decode(bytes)?.entries.count
        for part in [StoredResult.Part.summary, .dayEquity, .all] { _ = StoredResult(decoding: data, part: part)?.metrics }
    }

    /// The bytes as a bar store file, opened as a build opens one. The first byte picks how: odd,
    /// the rest is the whole file; even, the rest follows a header that passes the magic, version
    /// and key checks, with a bar count near what the rest holds (bits 1-2 of the byte move it by
    /// -1, 0 or +1) and, when bit 3 is set, the right checksum of each column, so the fuzzer reaches
    /// the size and checksum checks and the columns' decoding.
    static func barStore(_ data: Data) {
        guard let mode = data.first else { return }
        let store = BarStore(cache: fuzzFolder)
        let key = String(repeating: "0", count: 64)
        var bytes = [UInt8](data.dropFirst())
        if mode % 2 == 0 {
            let count = max(0, bytes.count / 48 + Int((mode >> 1) % 3) - 1)
            var header = Array("BLB1".utf8) + PackRecord.littleEndian(UInt64(BarStore.version)).prefix(4)
            header += PackRecord.littleEndian(UInt64(count)) + Array(key.utf8)
            for column in 0..<6 {
                let range = min(bytes.count, column * count * 8)..<min(bytes.count, (column + 1) * count * 8)
                header += PackRecord.littleEndian(mode & 8 != 0 ? bytes[range].withUnsafeBytes { XXHash64.hash($0) } : 0)
            }
            bytes = header + [UInt8](repeating: 0, count: 320 - header.count) + bytes
        }
        do {
            try FileManager.default.createDirectory(at: store.folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: store.url(for: key))
        } catch {
            return
        }
        switch store.load(key: key) {
        case .bars(let bars): _ = bars.count + bars.time.count
        case .missing, .damaged: break
        }
    }

    /// A folder of this process's own for the files the targets write.
    static let fuzzFolder = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-fuzz-\(getpid())")
}
