import Foundation
import Testing

@testable import Engine

@Suite struct DecimalParserTests {
    func fast(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalParser.parse($0, 0, $0.count) }
    }

    @Test func agreesWithStrtodBitForBitOnPricesItAccepts() {
        var rng = SplitMix64(seed: 99)
        var checked = 0
        for _ in 0..<200_000 {
            let digits = Int(rng.next() % 12) + 1
            let decimals = Int(rng.next() % 9)
            var text = String(rng.next() % 1_000_000_000_000 % UInt64(pow(10.0, Double(digits))))
            if decimals > 0 { text += "." + String(format: "%0\(decimals)llu", rng.next() % UInt64(pow(10.0, Double(decimals)))) }
            if rng.next() % 7 == 0 { text += "e-\(rng.next() % 12)" }
            guard let value = fast(text) else { continue }
            #expect(value.bitPattern == strtod(text, nil).bitPattern, "\(text)")
            checked += 1
        }
        #expect(checked > 150_000)
    }

    /// Prices as Python, pandas and `String(describing:)` write them: all 15 to 17 digits of a
    /// double, significands above 2^53 (the exact-division path), checked against strtod.
    @Test func agreesWithStrtodOnDoublesWrittenInFull() {
        var rng = SplitMix64(seed: 7)
        var divided = 0
        for index in 0..<300_000 {
            let magnitude = pow(10.0, Double(Int(rng.next() % 14)) - 6)
            let price = (Double(rng.next() >> 11) / Double(1 << 53) + 0.01) * magnitude
            let text = index % 2 == 0 ? "\(price)" : String(format: "%.17g", price)
            guard let value = fast(text) else { continue }
            #expect(value.bitPattern == strtod(text, nil).bitPattern, "\(text)")
            if text.contains("."), text.filter(\.isNumber).drop(while: { $0 == "0" }).count >= 16 { divided += 1 }
        }
        #expect(divided > 200_000)
    }

    /// Random digit strings of up to 19 digits with the point anywhere, down to 27 decimals, and
    /// ties: decimals exactly halfway between two doubles round to the even one, as strtod does.
    @Test func roundsExactlyAtAndAroundHalfway() {
        var rng = SplitMix64(seed: 11)
        var checked = 0
        for _ in 0..<300_000 {
            let length = Int(rng.next() % 19) + 1
            var digits = String((0..<length).map { _ in Character(String(rng.next() % 10)) })
            let point = Int(rng.next() % UInt64(length + 1))
            digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point))
            let text = (rng.next() % 4 == 0 ? "-" : "") + (rng.next() % 3 == 0 ? "0.00000000" : "") + digits
            guard let value = fast(text) else { continue }
            #expect(value.bitPattern == strtod(text, nil).bitPattern, "\(text)")
            checked += 1
        }
        #expect(checked > 180_000)
        // 2^52 + 0.5 and 2^52 + 1.5 are halfway: ties go to the even neighbour (2^52, 2^52 + 2).
        #expect(fast("4503599627370496.5") == 4_503_599_627_370_496)
        #expect(fast("4503599627370497.5") == 4_503_599_627_370_498)
        // Above 2^53 the doubles are 2 apart: 2^53 + 1 is halfway, 2^53 + 3 too (to 2^53 + 4).
        #expect(fast("9007199254740993.0") == 9_007_199_254_740_992)
        #expect(fast("9007199254740995.0") == 9_007_199_254_740_996)
        #expect(fast("9007199254740993.1") == 9_007_199_254_740_994)
        #expect(fast("0.000000000000000000000000000") == 0 && fast("-0.000000000000000000000000000")?.sign == .minus)
        for text in ["4503599627370496.5", "9007199254740993.0", "0.1000000000000000055511151231257827", "123.456e-30"] {
            #expect(fast(text).map(\.bitPattern) ?? strtod(text, nil).bitPattern == strtod(text, nil).bitPattern, "\(text)")
        }
    }

    @Test func handsAnythingUnusualToTheSlowPath() {
        for text in ["", "-", ".", "nan", "inf", "1e400", "0x1p3", "12345678901234567890", "1.5e", "1..2", "1e+99999"] {
            #expect(fast(text) == nil, "\(text)")
        }
        #expect(fast("-0.25") == -0.25 && fast("+3") == 3 && fast("1E2") == 100 && fast(".5") == 0.5)
    }
}
