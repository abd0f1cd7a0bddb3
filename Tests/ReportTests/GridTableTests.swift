import Charts
import Foundation
import Testing

@testable import Report

/// A grid's results table: the page's rows and the data file of every row say the same thing.
@Suite struct GridTableTests {
    static let columns = [
        GridTable.Column(key: "rank", title: "Rank", format: .plain, descending: false, best: nil, marksNegative: false),
        GridTable.Column(key: "fast", title: "fast", format: .plain, descending: false, best: nil, marksNegative: false),
        GridTable.Column(key: "exit", title: "exit", format: nil, descending: false, best: nil, marksNegative: false),
        GridTable.Column(
            key: "total_return", title: "Total return [%]", format: .percent, descending: true, best: 0.5, marksNegative: false,
            isMetric: true),
    ]

    /// 150 rows: run r (from 0) ranked r + 1 with total return r / 300, but run 7 failed.
    static func table() -> GridTable {
        let order = Array(0..<150)
        let values = order.map { run -> [GridTable.Value] in
            run == 7
                ? [.number(nil), .number(Double(run)), .text("atr"), .number(nil)]
                : [.number(Double(run + 1)), .number(Double(run)), .text(run % 2 == 0 ? "atr" : "time"), .number(Double(run) / 300)]
        }
        return GridTable(
            columns: columns, order: order, values: values, states: order.map { $0 == 7 ? 2 : 0 }, links: [0: "runs/1.html"])
    }

    @Test func numbersKeepSixSignificantDigits() {
        #expect(GridTable.rounded(0.123456789) == 0.123457)
        #expect(GridTable.rounded(-1_234.567_89) == -1_234.57 && GridTable.rounded(-12_345_678.123) == -12_345_678.12)
        #expect(GridTable.rounded(1.5e-7) == 1.5e-7)
        #expect(GridTable.rounded(0) == 0)
        #expect(GridTable.rounded(2) == 2)
        // Where 6 digits do not reach the decimals shown: money to the cent, counts whole,
        // durations to a tenth, percentages to a hundredth of a percent.
        #expect(GridTable.rounded(11_727_351.534, .money) == 11_727_351.53)
        #expect(GridTable.rounded(1_234.5678, .money) == 1_234.57)
        #expect(GridTable.rounded(12_345_678.4, .count) == 12_345_678)
        #expect(GridTable.rounded(1_234_567.89, .decimal1) == 1_234_567.9)
        #expect(GridTable.rounded(123.456789, .percent) == 123.4568)
        #expect(GridTable.rounded(0.123456789, .percent) == 0.123457)
        #expect(GridTable.rounded(0.1, .plain) == 0.1 && GridTable.rounded(1e-5, .plain) == 1e-5)
        #expect(ValueFormat.money.format(GridTable.rounded(11_727_351.534, .money)) == "11,727,351.53")
    }

    @Test func thePageHoldsTheBestHundredRows() {
        let page = Self.table().pageTable(id: "results", caption: "Runs")
        #expect(page.rows.count == 100)
        #expect(
            page.note == "The best 100 of 150 rows; the page's script adds the others (every run is also in results.csv and results.json).")
        #expect(page.source == "results-table.js")
        #expect(page.rows.map(\.anchor) == (0..<100).map { "run-\($0 + 1)" })
        let first = page.rows[0].cells
        #expect(first.map(\.text) == ["1", "0", "atr", "0.00%"])
        #expect(first[0].link == "runs/1.html" && page.rows[1].cells[0].link == nil)
        // A failed run: no rank, an empty metric cell.
        #expect(page.rows[7].failed && page.rows[7].cells.map(\.text) == ["–", "7", "atr", ""])
        // total return 150/300 = 0.5 is the best (the column's best), 33/300 = 11.00%.
        #expect(page.rows[33].cells[3].text == "11.00%" && !page.rows[33].cells[3].best)
        #expect(page.columns.map(\.numeric) == [true, true, false, true])
    }

    @Test func theDataFileHoldsEveryRowColumnByColumn() throws {
        let script = Self.table().dataScript(id: "results")
        #expect(script.hasPrefix("BacklabTable.data(\"results\", {\"columns\":[") && script.hasSuffix("});\n"))
        let json = String(script.dropFirst("BacklabTable.data(\"results\", ".count).dropLast(3))
        let data = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let columns = try #require(data["columns"] as? [[String: Any]])
        #expect(columns.map { $0["key"] as? String } == ["rank", "fast", "exit", "total_return"])
        #expect(
            columns[3]["format"] as? String == "percent" && columns[3]["best"] as? Double == 0.5 && columns[3]["metric"] as? Bool == true)
        #expect(columns[2]["format"] is NSNull)
        #expect(data["runs"] as? [Int] == Array(1...150))
        #expect((data["states"] as? [Int])?[7] == 2)
        #expect(data["links"] as? [String: String] == ["0": "runs/1.html"])
        let cells = try #require(data["cells"] as? [[Any]])
        #expect(cells.count == 4 && cells.allSatisfy { $0.count == 150 })
        #expect(cells[0][7] is NSNull && cells[3][7] is NSNull)
        #expect(cells[2][1] as? String == "time")
        #expect(cells[1][149] as? Int == 149 && script.contains(",\(149.0 / 300)]"), "the last return in its shortest round-trip form")
    }

    @Test func sixSignificantDigitsAreThoseOfStringFormat() {
        // The C library's vsnprintf and strtod, against Foundation's String(format:) and
        // Double(String): the same value for every magnitude, sign and special value.
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 1, -1, 0.1, 123456.5, 1_234_565, 9.999995e-5, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
            .greatestFiniteMagnitude,
        ]
        for _ in 0..<50_000 {
            let magnitude = Double.random(in: -30...30, using: &generator)
            values.append(
                (Bool.random(using: &generator) ? 1 : -1) * Double.random(in: 1..<10, using: &generator) * pow(10, magnitude.rounded()))
        }
        for value in values {
            let expected = Double(String(format: "%.6g", value)) ?? value
            let got = GridTable.sixSignificantDigits(value)
            #expect(got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "\(value): \(got) against \(expected)")
        }
    }
}
