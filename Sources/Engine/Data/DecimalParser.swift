/// Fast, exact parsing of the plain decimals that price files hold (`101.25`, `-0.5`, `1e-3`).
///
/// Clinger's fast path: when the decimal significand fits in 53 bits and the power of ten is at
/// most 22, both are exact doubles and one IEEE multiplication or division rounds correctly, so
/// the result equals strtod's. Anything else (long significands, large exponents, `nan`, hex)
/// returns nil and the caller falls back to strtod.
enum DecimalParser {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    static func parse(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
            negative = s[i] == UInt8(ascii: "-")
            i += 1
        }
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        var sawDigit = false
        while i < end {
            let byte = s[i]
            if byte >= 48 && byte <= 57 {
                if digits >= 19 { return nil }
                sawDigit = true
                if significand != 0 || byte != 48 { digits += 1 }
                significand = significand * 10 + UInt64(byte - 48)
                if sawPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard sawDigit else { return nil }
        var exponent = -fractionDigits
        if i < end {
            guard s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            var exponentNegative = false
            if i < end && (s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+")) {
                exponentNegative = s[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var count = 0
            while i < end, s[i] >= 48, s[i] <= 57 {
                value = value * 10 + Int(s[i] - 48)
                count += 1
                if count > 4 { return nil }
                i += 1
            }
            guard count > 0, i == end else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard significand < (1 << 53), exponent >= -22, exponent <= 22 else { return nil }
        var value = Double(significand)
        value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
        return negative ? -value : value
    }
}
