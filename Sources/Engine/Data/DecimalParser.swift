/// Fast, exact parsing of the plain decimals that price files hold (`101.25`, `-0.5`, `1e-3`).
///
/// Two exact paths, so the result always equals strtod's (correctly rounded, ties to even):
/// - Clinger's fast path: when the decimal significand fits in 53 bits and the power of ten is at
///   most 22, both are exact doubles and one IEEE multiplication or division rounds correctly.
/// - Prices written with all 16 or 17 digits of a double (`99.99998223245913`, as Python and
///   pandas write them) have significands above 2^53. For those, w / 10^k with w < 2^64 and
///   k <= 27 is w / 5^k scaled by 2^-k: an integer division of w (shifted left) by 5^k gives a
///   quotient of 63 or 64 bits and an exact remainder, from which rounding to 53 bits is decided
///   exactly. strtod took 60% of a CSV's parse before.
/// Anything else (larger exponents, more than 19 digits, `nan`, hex) returns nil and the caller
/// falls back to strtod.
enum DecimalParser {
    // Literal tables: the compiler lays them out statically (a computed table cost a lazy
    // initialisation check on every call, 1% of a CSV's parse).
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
    /// 5^k for k in 0...27 (5^27 < 2^63).
    private static let powersOfFive: [UInt64] = [
        1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1_953_125, 9_765_625, 48_828_125, 244_140_625, 1_220_703_125, 6_103_515_625,
        30_517_578_125, 152_587_890_625, 762_939_453_125, 3_814_697_265_625, 19_073_486_328_125, 95_367_431_640_625, 476_837_158_203_125,
        2_384_185_791_015_625, 11_920_928_955_078_125, 59_604_644_775_390_625, 298_023_223_876_953_125, 1_490_116_119_384_765_625,
        7_450_580_596_923_828_125,
    ]

    static func parse(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") {
            negative = s[i] == UInt8(ascii: "-")
            i += 1
        }
        // Digits before the point, then after it, into one significand (wrapping: more than 19
        // significant digits are refused below, before the value is used).
        var significand: UInt64 = 0
        let integerStart = i
        while i < end, case let d = s[i] &- 48, d <= 9 {
            significand = significand &* 10 &+ UInt64(d)
            i += 1
        }
        var digitCount = i - integerStart
        var fractionDigits = 0
        if i < end, s[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < end, case let d = s[i] &- 48, d <= 9 {
                significand = significand &* 10 &+ UInt64(d)
                i += 1
            }
            fractionDigits = i - fractionStart
            digitCount += fractionDigits
        }
        guard digitCount > 0 else { return nil }
        if digitCount > 19 {
            // Leading zeros do not count (0.000000000000000000123): count the significant digits.
            var significant = 0
            var seen = false
            for j in integerStart..<i where s[j] != UInt8(ascii: ".") {
                if s[j] != 48 { seen = true }
                if seen { significant += 1 }
            }
            guard significant <= 19 else { return nil }
        }
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
        if significand < (1 << 53), exponent >= -22, exponent <= 22 {
            var value = Double(significand)
            value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
            return negative ? -value : value
        }
        guard exponent < 0, exponent >= -27 else { return nil }
        let value = significand == 0 ? 0 : quotient(significand, overPowerOfTen: -exponent)
        return negative ? -value : value
    }

    /// w / 10^k correctly rounded (to nearest, ties to even), for w >= 2^53 and 1 <= k <= 27.
    static func quotient(_ w: UInt64, overPowerOfTen k: Int) -> Double {
        let divisor = powersOfFive[k]
        let divisorBits = 64 - divisor.leadingZeroBitCount
        let shift = w.leadingZeroBitCount
        let normalized = w << shift  // in [2^63, 2^64)
        // (normalized * 2^(divisorBits - 1)) / divisor lies in (2^62, 2^64); its high word is
        // below 2^(divisorBits - 1) <= divisor, so the division cannot overflow.
        let up = divisorBits - 1
        let high = up == 0 ? 0 : normalized >> (64 - up)
        let low = up == 0 ? normalized : normalized << up
        let (q, r) = divisor.dividingFullWidth((high: high, low: low))
        // w / 10^k = (q + r / divisor) * 2^-(shift + up + k); keep 53 bits of q.
        let drop = (64 - q.leadingZeroBitCount) - 53
        var mantissa = q >> drop
        let rest = q & ((1 << drop) - 1)
        let half: UInt64 = 1 << (drop - 1)
        if rest > half || (rest == half && (r != 0 || mantissa & 1 == 1)) { mantissa += 1 }
        // 2^e as a double's bits (e lies in -160...11 here, a normal double): exact.
        let scale = Double(bitPattern: UInt64(1023 + drop - shift - up - k) << 52)
        return Double(mantissa) * scale
    }
}
