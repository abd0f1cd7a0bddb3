import Foundation
import Testing

@testable import Engine

@Suite struct CSVBarLoaderTests {
    func parse(_ text: String) throws -> BarSeries {
        try CSVBarLoader.parse(Data(text.utf8), file: "data/x.csv")
    }

    @Test func columnsAreFoundByNameInAnyCaseAndOrder() throws {
        let bars = try parse(
            """
            Date,Close,High,Low,Open,Adj Close,Volume\r
            2020-01-02,10.5,11,10,10.2,10.4,1200\r
            2020-01-03,10.8,11.2,10.1,10.5,10.7,\r

            """)
        #expect(bars.count == 2)
        #expect(bars.open == [10.2, 10.5] && bars.close == [10.5, 10.8] && bars.volume == [1200, 0])
        #expect(bars.time[0] == UTCDate.days(year: 2020, month: 1, day: 2) * UTCDate.millisPerDay)
    }

    @Test func timestampsInEveryAcceptedForm() throws {
        let bars = try parse(
            """
            timestamp,open,high,low,close
            2020-01-02T09:30:00Z,1,1,1,1
            2020-01-02 10:31:00+01:00,1,1,1,1
            2020-01-02T09:31:00.250-0000,1,1,1,1
            1577958000,1,1,1,1
            1577958060000,1,1,1,1
            """)
        let nineThirty = UTCDate.days(year: 2020, month: 1, day: 2) * UTCDate.millisPerDay + 9 * 3_600_000 + 30 * 60_000
        #expect(bars.time == [nineThirty, nineThirty + 60_000, nineThirty + 60_250, 1_577_958_000_000, 1_577_958_060_000])
    }

    @Test func csvTextRoundTripsBitForBit() throws {
        let source = SyntheticSource(seed: 3, bars: 500, timeframe: Timeframe("1h")!, start: 1_600_000_000_000, tick: 0.01)
        let bars = source.generate()
        let reread = try CSVBarLoader.parse(Data(bars.csvText(dateOnly: false).utf8), file: "x")
        #expect(reread == bars)
    }
}

@Suite struct CSVBarLoaderChunksTests {
    /// 40,000 bars is about 2.5 MB: over the 1 MB from which the body is parsed in chunks.
    static let bars = SyntheticSource(seed: 8, bars: 40_000, timeframe: Timeframe("1m")!, start: 1_600_000_000_000, tick: 0.01).generate()

    func parse(_ text: String, chunkBytes: Int?) throws -> BarSeries {
        try Data(text.utf8).withUnsafeBytes { try CSVBarLoader.parse($0, file: "big.csv", chunkBytes: chunkBytes) }
    }

    func error(_ text: String, chunkBytes: Int?) -> String {
        do {
            _ = try parse(text, chunkBytes: chunkBytes)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    /// From one chunk to 4,096 (the most), with blank lines (gaps in the columns to close), CRLF
    /// line ends and no final line break: always the same bars, bit for bit.
    @Test(arguments: [2 << 20, 65_536, 4_096, 700])
    func aLargeFileParsedInChunksEqualsTheBars(chunkBytes: Int) throws {
        let text = Self.bars.csvText(dateOnly: false)
        #expect(text.utf8.count > 1 << 20)
        #expect(try parse(text, chunkBytes: chunkBytes) == Self.bars)
        var lines = text.split(separator: "\n").map(String.init)
        for index in stride(from: lines.count - 1, to: 1, by: -997) { lines.insert("", at: index) }
        let crlf = lines.joined(separator: "\r\n")
        #expect(try parse(crlf, chunkBytes: chunkBytes) == Self.bars)
        // The chunks themselves, not the sequential parse behind them, gave those bars.
        for variant in [text, crlf] {
            let chunked = try Data(variant.utf8).withUnsafeBytes { try CSVBarLoader.parseInChunksOnly($0, chunkBytes: chunkBytes) }
            #expect(chunked == Self.bars)
        }
    }

    /// A problem anywhere (in a late chunk, at a chunk's first or last line, across a seam) is
    /// reported exactly as the sequential parse reports it: same line, column and message.
    @Test func problemsAnywhereReportWhatTheSequentialParseReports() throws {
        let lines = Self.bars.csvText(dateOnly: false).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var late = lines
        late[35_000] = late[35_000].replacingOccurrences(of: ",", with: ",x", options: [], range: late[35_000].range(of: ","))
        #expect(error(late.joined(separator: "\n"), chunkBytes: 65_536).hasPrefix("big.csv:35001:22: error: cannot read 'x"))
        var rng = SplitMix64(seed: 3)
        for trial in 0..<12 {
            var broken = lines
            let at = 1 + Int(rng.next() % UInt64(lines.count - 3))
            switch trial % 4 {
            case 0: broken.swapAt(at, at + 1)  // time goes back: maybe across a seam
            case 1: broken[at] = broken[at].replacingOccurrences(of: ".", with: ";")  // a bad number
            case 2: broken[at] = String(broken[at].prefix(30))  // too few fields
            default: broken[at] = broken[at + 1]  // a repeated time
            }
            let text = broken.joined(separator: "\n")
            let expected = error(text, chunkBytes: nil)
            #expect(expected != "no error")
            // 700-byte chunks hold about 7 lines: a swap there often straddles a seam.
            for chunkBytes in [700, 4_096, 65_536] {
                #expect(error(text, chunkBytes: chunkBytes) == expected, "line \(at + 1)")
                let chunked = try Data(text.utf8).withUnsafeBytes { try CSVBarLoader.parseInChunksOnly($0, chunkBytes: chunkBytes) }
                #expect(chunked == nil, "chunks of \(chunkBytes) accepted a broken file (line \(at + 1))")
            }
        }
    }
}
