import Engine
import Foundation
import Storage
import Study
import Testing

@testable import Workflows

@Suite struct BarStoreTests {
    static func cache() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("backlab-bars-\(UUID().uuidString)") }

    /// Bars on a 0.01 tick grid, as parsed from their CSV text (what a build stores).
    static func tickBars(_ count: Int = 2_000, minutes: Bool = false) throws -> BarSeries {
        let source = SyntheticSource(
            seed: 11, bars: count, timeframe: Timeframe(minutes ? "1m" : "1d")!, start: 1_420_070_400_000, tick: 0.01)
        return try CSVBarLoader.parse(Data(source.generate().csvText(dateOnly: !minutes).utf8), file: "bars.csv")
    }

    static let key = String(repeating: "ab", count: 32)

    /// `bars` written as `bars.csv` in `cache`, and the file's own fingerprint (its SHA-256).
    static func csv(of bars: BarSeries, in cache: URL) throws -> (url: URL, key: String) {
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let csv = cache.appendingPathComponent("bars.csv")
        let text = Data(bars.csvText().utf8)
        try text.write(to: csv)
        return (csv, SHA256Digest.hex(text))
    }

    /// Every column's bytes, for bit-for-bit comparison (-0.0 and NaN payloads included).
    static func bytes(_ bars: BarSeries) -> [[UInt8]] {
        [bars.time.withUnsafeBytes { Array($0) }]
            + [bars.open, bars.high, bars.low, bars.close, bars.volume].map { column in column.withUnsafeBytes { Array($0) } }
    }

    @Test(arguments: [false, true]) func everyColumnRoundTripsBitForBit(minutes: Bool) throws {
        let store = BarStore(cache: Self.cache())
        let bars = try Self.tickBars(minutes: minutes)
        try store.save(bars, key: Self.key)
        guard case .bars(let loaded) = store.load(key: Self.key) else {
            Issue.record("not loaded")
            return
        }
        #expect(Self.bytes(loaded) == Self.bytes(bars))
        // Values a CSV rarely holds, bit for bit too.
        let odd = BarSeries(
            time: [Int64.min, -1, 0, Int64.max], open: [-0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e-300],
            high: [.nan, .infinity, -.infinity, 0.1 + 0.2], low: [1, 2, 3, 4], close: [5, 6, 7, 8], volume: [0, -0.0, 1e15, 3])
        try store.save(odd, key: Self.key)
        guard case .bars(let back) = store.load(key: Self.key) else {
            Issue.record("not loaded")
            return
        }
        #expect(Self.bytes(back) == Self.bytes(odd))
        #expect(store.load(key: String(repeating: "cd", count: 32)) == .missing)
    }

    /// A store damaged on disk in one way.
    enum Damage: String, CaseIterable, Sendable {
        case truncated, flippedInAColumn, flippedInTheKey, otherVersion, empty
    }

    @Test(arguments: Damage.allCases) func aDamagedStoreIsNeverTrustedAndTheBarSourceRebuildsItWithAWarning(damage: Damage) throws {
        let cache = Self.cache()
        let store = BarStore(cache: cache)
        let bars = try Self.tickBars()
        let (csv, key) = try Self.csv(of: bars, in: cache)
        try store.save(bars, key: key)
        let url = store.url(for: key)
        var data = try Data(contentsOf: url)
        switch damage {
        case .truncated: data.removeLast()
        case .flippedInAColumn: data[BarStore.headerSize + 8 * 1_000 + 3] ^= 0x10
        case .flippedInTheKey: data[20] ^= 0x01
        case .otherVersion: data[4] = UInt8(BarStore.version + 1)
        case .empty: data = Data()
        }
        try data.write(to: url)
        guard case .damaged(let why) = store.load(key: key) else {
            Issue.record("\(damage) was trusted")
            return
        }
        #expect(!why.isEmpty)
        // The build's reader: parses the file, says so, and writes a good store again.
        let source = try BarSource(.file(path: csv.path, displayPath: "bars.csv"), store: store, key: { key })
        #expect(Self.bytes(source.bars) == Self.bytes(bars))
        #expect(source.storeWarning?.contains("bars.csv: its bar store") == true && source.storeWarning?.contains(why) == true)
        #expect(store.finishWrites().isEmpty)  // written in the background
        guard case .bars(let again) = store.load(key: key) else {
            Issue.record("not rebuilt")
            return
        }
        #expect(Self.bytes(again) == Self.bytes(bars))
        // The next reader takes the store, without a warning, and without the file.
        try FileManager.default.removeItem(at: csv)
        let next = try BarSource(.file(path: csv.path, displayPath: "bars.csv"), store: store, key: { key })
        #expect(next.storeWarning == nil && Self.bytes(next.bars) == Self.bytes(bars))
    }

    /// A store that cannot be written (its folder is a file) costs nothing but a warning, given
    /// when the background write is finished.
    @Test func aStoreThatCannotBeWrittenIsAWarningWhenTheWritesFinish() throws {
        let cache = Self.cache()
        let bars = try Self.tickBars(100)
        let (csv, key) = try Self.csv(of: bars, in: cache)
        try Data().write(to: cache.appendingPathComponent("bars"))
        let store = BarStore(cache: cache)
        let source = try BarSource(.file(path: csv.path, displayPath: "bars.csv"), store: store, key: { key })
        #expect(Self.bytes(source.bars) == Self.bytes(bars))
        let warnings = store.finishWrites()
        #expect(warnings.count == 1 && warnings[0].hasPrefix("bars.csv: cannot write its bar store ("), "\(warnings)")
        #expect(store.finishWrites().isEmpty)
    }

    /// A file read again at run time (its store gone) must be the file the build planned with:
    /// bytes that hash to another key are an error, and no store is written under the old key.
    @Test func aFileThatChangedSinceThePlanIsAnErrorAndNoStore() throws {
        let cache = Self.cache()
        let bars = try Self.tickBars(300)
        let (csv, planned) = try Self.csv(of: bars, in: cache)
        let store = BarStore(cache: cache)
        let source = try BarSource(.file(path: csv.path, displayPath: "bars.csv"), store: store, key: { planned })
        #expect(Self.bytes(source.bars) == Self.bytes(bars))
        #expect(store.finishWrites().isEmpty && store.holds(key: planned, count: bars.count))
        let other = String(repeating: "e", count: 64)
        #expect {
            try BarSource(.file(path: csv.path, displayPath: "bars.csv"), store: store, key: { other })
        } throws: { error in
            "\(error)".contains("bars.csv: error: the data file changed during the build")
        }
        #expect(store.finishWrites().isEmpty && !store.holds(key: other, count: bars.count))
    }

    @Test func twoWritersOfTheSameStoreLeaveOneWholeStore() throws {
        let store = BarStore(cache: Self.cache())
        let bars = try Self.tickBars(20_000)
        DispatchQueue.concurrentPerform(iterations: 16) { _ in try? store.save(bars, key: Self.key) }
        guard case .bars(let loaded) = store.load(key: Self.key) else {
            Issue.record("no whole store")
            return
        }
        #expect(Self.bytes(loaded) == Self.bytes(bars))
        let names = try FileManager.default.contentsOfDirectory(atPath: store.folder.path)
        #expect(names == ["\(Self.key).bars"], "\(names)")
    }

    @Test func aStoreThatCannotBeReadOnlyWarnsAndPlanWritesNone() throws {
        let cache = Self.cache()
        let bars = try Self.tickBars(100)
        let (csv, key) = try Self.csv(of: bars, in: cache)
        let readOnly = BarStore(cache: cache, writable: false)
        let source = try BarSource(.file(path: csv.path, displayPath: "bars.csv"), store: readOnly, key: { key })
        #expect(source.storeWarning == nil && Self.bytes(source.bars) == Self.bytes(bars))
        #expect(readOnly.finishWrites().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: readOnly.folder.path))
    }
}

extension BarStore.Loaded: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.missing, .missing): true
        case (.damaged(let x), .damaged(let y)): x == y
        case (.bars(let x), .bars(let y)): x == y
        default: false
        }
    }
}
