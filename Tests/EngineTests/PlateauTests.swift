import Testing

@testable import Engine

@Suite struct PlateauTests {
    /// A 3 × 3 grid (value indices i, j) with a broad region of 5 and a lone spike of 9:
    ///
    ///     i\j  0  1  2
    ///     0    5  5  1
    ///     1    5  5  1
    ///     2    1  1  9
    static let coordinates = (0..<3).flatMap { i in (0..<3).map { j in [i, j] } }
    static let objectives: [Double?] = [5, 5, 1, 5, 5, 1, 1, 1, 9]

    @Test func handWorkedGrid() throws {
        let plateau = try #require(Plateau(coordinates: Self.coordinates, objectives: Self.objectives, numeric: [true, true]))
        // (0,0): (5 + 5 + 5)/3; (0,1): (5 + 5 + 1 + 5)/4; (0,2): (1 + 5 + 1)/3; (1,1): (5 + 5 + 1 + 5 + 1)/5;
        // (2,2), the spike: (9 + 1 + 1)/3.
        let expected: [Double] = [15.0 / 3, 16.0 / 4, 7.0 / 3, 16.0 / 4, 17.0 / 5, 16.0 / 4, 7.0 / 3, 16.0 / 4, 11.0 / 3]
        for (value, want) in zip(plateau.smoothed, expected) { #expect(abs(try #require(value) - want) < 1e-15) }
        #expect(plateau.valueCounts == [3, 4, 3, 4, 5, 4, 3, 4, 3])
        #expect(plateau.bestPoint == 8)
        #expect(plateau.bestPlateau == 0)
        // Minimising instead: the best single point is the first 1, (0,2); the lowest average is (0,2) too.
        let minimised = try #require(
            Plateau(coordinates: Self.coordinates, objectives: Self.objectives, numeric: [true, true], maximize: false))
        #expect(minimised.bestPoint == 2)
        #expect(minimised.bestPlateau == 2)
    }

    @Test func categoricalParametersAreNotSmoothedAlong() throws {
        // Only i is numeric: (0,0) averages 5 and 5; (2,2) averages 9 and 1; a tie goes to the first point.
        let plateau = try #require(Plateau(coordinates: Self.coordinates, objectives: Self.objectives, numeric: [true, false]))
        #expect(plateau.smoothed[0] == 5)
        #expect(plateau.smoothed[8] == 5)
        #expect(plateau.bestPlateau == 0)
    }

    @Test func missingObjectivesAreLeftOut() throws {
        var objectives = Self.objectives
        objectives[4] = nil  // the centre, e.g. a run that failed `require`
        objectives[1] = .nan
        let plateau = try #require(Plateau(coordinates: Self.coordinates, objectives: objectives, numeric: [true, true]))
        #expect(plateau.smoothed[4] == nil && plateau.smoothed[1] == nil)
        #expect(plateau.valueCounts[4] == 0)
        #expect(plateau.smoothed[0] == 5)  // (0,0) with (1,0) only
        let expected: Double = (5 + 5 + 1) / 3
        #expect(plateau.smoothed[3] == expected)  // (1,0) with (0,0) and (2,0)
    }

    @Test func meaninglessInputsAreNil() {
        #expect(Plateau(coordinates: [[0], [0]], objectives: [1, 2], numeric: [true]) == nil)  // a point twice
        #expect(Plateau(coordinates: [[0]], objectives: [1, 2], numeric: [true]) == nil)
        #expect(Plateau(coordinates: [[0, 1]], objectives: [1], numeric: [true]) == nil)
        #expect(Plateau(coordinates: [[0], [1]], objectives: [nil, .infinity], numeric: [true]) == nil)
    }
}
