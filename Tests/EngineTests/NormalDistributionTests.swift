import Testing

@testable import Engine

@Suite struct NormalDistributionTests {
    /// Reference values from mpmath at 40 digits (`mp.ncdf`, and `sqrt(2)·erfinv(2p − 1)` or a root of
    /// log Φ(x) = log p in the far tail), rounded to 20 significant digits.
    static let cdfValues: [(x: Double, p: Double)] = [
        (-38, 2.8854283600687843084e-300 * 1e-16), (-20, 2.7536241186062336951e-89), (-10, 7.619853024160526066e-24),
        (-5, 2.8665157187919391167e-7),
        (-7.5, 3.1908916729108962278e-14), (-3, 0.0013498980316300945267), (-2.5, 0.006209665325776135167), (-1, 0.15865525393145705141),
        (-0.5, 0.30853753872598689636), (-0.1, 0.46017216272297101633), (0, 0.5),
        (0.5, 0.69146246127401310364), (1, 0.84134474606854294859), (2.5, 0.99379033467422386483), (3, 0.99865010196836990547),
        (5, 0.99999971334842812081), (8, 0.9999999999999993779),
    ]
    static let quantileValues: [(p: Double, x: Double)] = [
        (1e-300, -37.047096299361199237), (1e-100, -21.273453560965324294), (1e-20, -9.2623400897984075796),
        (1e-10, -6.3613409024040561991), (1e-5, -4.2648907939228246102), (0.001, -3.0902323061678135354),
        (0.01, -2.3263478740408410931), (0.025, -1.9599639845400542118), (0.1, -1.2815515655446004353),
        (0.3, -0.52440051270804081597), (0.425, -0.18911842627279251844), (0.5, 0), (0.7, 0.52440051270804065631),
        (0.9, 1.2815515655446005935), (0.975, 1.9599639845400538556), (0.98, 2.0537489106318226861),
        (0.99, 2.3263478740408407676), (0.999, 3.0902323061678132778), (1 - 1e-10, 6.3613408896974218642),
    ]

    static func relativeError(_ a: Double, _ b: Double) -> Double { b == 0 ? abs(a) : abs(a - b) / abs(b) }

    @Test func cdfMatchesKnownValues() {
        for (x, p) in Self.cdfValues {
            // The subnormal Φ(−38) (a product, to avoid a subnormal literal) keeps fewer significant bits; everything else is checked to 1e-15.
            let tolerance = x < -37 ? 1e-9 : 1e-15
            #expect(Self.relativeError(NormalDistribution.cdf(x), p) <= tolerance, "Φ(\(x))")
        }
    }

    @Test func quantileMatchesKnownValues() throws {
        for (p, x) in Self.quantileValues {
            let value = try #require(NormalDistribution.quantile(p))
            #expect(Self.relativeError(value, x) <= 1e-15, "Φ⁻¹(\(p)) = \(value)")
        }
    }

    @Test func quantileInvertsTheCDFInTheLowerTail() throws {
        // Only x ≤ 0: above it Φ(x) is rounded to the spacing of doubles near 1, which no inverse can undo.
        for x in stride(from: -37.0, through: 0, by: 0.37) {
            let back = try #require(NormalDistribution.quantile(NormalDistribution.cdf(x)))
            #expect(abs(back - x) <= 1e-14 * max(1, abs(x)), "x = \(x)")
        }
    }

    @Test func quantileIsUndefinedOutsideTheOpenInterval() {
        for p in [0.0, 1.0, -0.1, 1.5, .nan, .infinity] { #expect(NormalDistribution.quantile(p) == nil) }
    }
}
