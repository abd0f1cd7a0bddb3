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

    @Test func handsAnythingUnusualToTheSlowPath() {
        for text in ["", "-", ".", "nan", "inf", "1e400", "0x1p3", "12345678901234567890", "1.5e", "1..2", "1e+99999"] {
            #expect(fast(text) == nil, "\(text)")
        }
        #expect(fast("-0.25") == -0.25 && fast("+3") == 3 && fast("1E2") == 100 && fast(".5") == 0.5)
    }
}
