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

@Suite struct CSVBarLoaderHalvesTests {
    /// 40,000 bars is about 2.5 MB: over the 1 MB at which the body is parsed in two halves.
    static let bars = SyntheticSource(seed: 8, bars: 40_000, timeframe: Timeframe("1m")!, start: 1_600_000_000_000, tick: 0.01).generate()

    @Test func aLargeFileParsedInHalvesEqualsTheBars() throws {
        let text = Self.bars.csvText(dateOnly: false)
        #expect(text.utf8.count > 1 << 20)
        #expect(try CSVBarLoader.parse(Data(text.utf8), file: "x") == Self.bars)
    }

    @Test func problemsInEitherHalfOrAtTheSeamReportTheirExactLine() throws {
        var lines = Self.bars.csvText(dateOnly: false).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func error(_ lines: [String]) -> String {
            do {
                _ = try CSVBarLoader.parse(Data(lines.joined(separator: "\n").utf8), file: "big.csv")
                return "no error"
            } catch {
                return String(describing: error)
            }
        }
        var late = lines
        late[35_000] = late[35_000].replacingOccurrences(of: ",", with: ",x", options: [], range: late[35_000].range(of: ","))
        #expect(error(late).hasPrefix("big.csv:35001:22: error: cannot read 'x"))
        // Two bars swapped across the middle: only the seam check can see it.
        let middle = lines.count / 2
        lines.swapAt(middle - 1, middle)
        #expect(error(lines).contains("is not after the previous bar's"))
    }
}
