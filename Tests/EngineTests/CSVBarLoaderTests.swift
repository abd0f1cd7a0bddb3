import Foundation
import Testing
@testable import Engine

@Suite struct CSVBarLoaderTests {
    func parse(_ text: String) throws -> BarSeries {
        try CSVBarLoader.parse(Data(text.utf8), file: "data/x.csv")
    }

    func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return String(describing: error)
        }
    }

    @Test func columnsAreFoundByNameInAnyCaseAndOrder() throws {
        let bars = try parse("""
            Date,Close,High,Low,Open,Adj Close,Volume\r
            2020-01-02,10.5,11,10,10.2,10.4,1200\r
            2020-01-03,10.8,11.2,10.1,10.5,10.7,\r

            """)
        #expect(bars.count == 2)
        #expect(bars.open == [10.2, 10.5] && bars.close == [10.5, 10.8] && bars.volume == [1200, 0])
        #expect(bars.time[0] == UTCDate.days(year: 2020, month: 1, day: 2) * UTCDate.millisPerDay)
    }

    @Test func timestampsInEveryAcceptedForm() throws {
        let bars = try parse("""
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

    @Test func everyKindOfBadDataNamesItsLineAndColumn() {
        let header = "timestamp,open,high,low,close\n"
        #expect(error(header + "2020-01-02,1,2,x1,1\n") == "data/x.csv:2:16: error: cannot read 'x1' as a number in the low column\n  hint: write plain decimal numbers such as 101.25")
        #expect(error(header + "2020-01-02,1,2,NaN,1\n") == "data/x.csv:2:16: error: low is NaN, not a finite number\n  hint: remove the row or fill in the missing price")
        #expect(error(header + "2020-01-02,0,2,1,1\n") == "data/x.csv:2:12: error: open price 0.0 is not positive\n  hint: prices must be greater than zero")
        #expect(error(header + "2020-01-02,1,1,2,1\n") == "data/x.csv:2:14: error: high 1.0 is below low 2.0\n  hint: check the column order and the row's values")
        #expect(error(header + "2020-01-02,3,2,1,1.5\n") == "data/x.csv:2:12: error: open 3.0 is outside the bar's range [1.0, 2.0]\n  hint: open and close must lie between low and high")
        #expect(error(header + "2020-01-02,1.5,2,1,0.5\n") == "data/x.csv:2:20: error: close 0.5 is outside the bar's range [1.0, 2.0]\n  hint: open and close must lie between low and high")
        #expect(error(header + "2020-01-03,1,1,1,1\n2020-01-03,1,1,1,1\n") == "data/x.csv:3:1: error: timestamp 2020-01-03T00:00:00Z is not after the previous bar's 2020-01-03T00:00:00Z\n  hint: sort the rows by time and remove duplicates")
        #expect(error(header + "02/01/2020,1,1,1,1\n") == "data/x.csv:2:1: error: cannot read '02/01/2020' as a timestamp\n  hint: use ISO-8601 (2020-01-02 or 2020-01-02T09:30:00Z) or epoch seconds or milliseconds")
        #expect(error("date,open,high,close\n2020-01-02,1,1,1\n") == "data/x.csv:1:1: error: missing column low in the header\n  hint: the header row must name timestamp (or date, datetime, time), open, high, low, close; found: date, open, high, close")
        #expect(error(header) == "data/x.csv:1: error: the data file has a header but no bars\n  hint: add at least one row of prices")
        #expect(error("") == "data/x.csv: error: the data file is empty\n  hint: it needs a header row and at least one bar")
        #expect(error(header + "2020-01-02,1,1\n") == "data/x.csv:2: error: expected at least 5 fields, found 3\n  hint: every row needs a value for each column of the header")
        #expect(error(header + "2020-01-02,1,,1,1\n") == "data/x.csv:2:14: error: empty high value\n  hint: every row needs a number in the high column")
    }

    @Test func csvTextRoundTripsBitForBit() throws {
        let source = SyntheticSource(seed: 3, bars: 500, timeframe: Timeframe("1h")!, start: 1_600_000_000_000, tick: 0.01)
        let bars = source.generate()
        let reread = try CSVBarLoader.parse(Data(bars.csvText(dateOnly: false).utf8), file: "x")
        #expect(reread == bars)
    }
}
