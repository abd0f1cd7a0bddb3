/// A small, fast pseudo-random generator with a fixed algorithm (SplitMix64), so a seed gives
/// the same numbers on every machine and Swift version, unlike the system generator.
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// Starts the sequence of `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// An approximately standard normal variate: the Irwin-Hall sum of twelve uniforms minus six.
    ///
    /// Uses only addition, so every IEEE-754 machine gives the same bits (no libm functions whose
    /// last digit may differ between C libraries).
    @inline(__always)
    public mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += uniform() }
        return sum - 6.0
    }
}
