import Testing

@testable import Report

/// The robustness box's verdict in plain words: its thresholds (DSR 0.95 and 0.5, PBO 25% and 50%)
/// and the reasons it gives.
@Suite struct RobustnessVerdictTests {
    static func verdict(_ dsr: Double?, _ pbo: Double?) -> (text: String, kind: String) {
        let (text, kind) = StudySite.verdict(deflatedSharpe: dsr, pbo: pbo, trials: 270)
        return (text, kind)
    }

    @Test func theThresholdsSortTheBestRunIntoHoldsWeakAndLuck() {
        #expect(Self.verdict(0.96, 0.10).kind == "holds")
        #expect(Self.verdict(0.95, 0.249).kind == "holds")
        #expect(Self.verdict(0.95, 0.25).kind == "weak")  // PBO must be below 25%
        #expect(Self.verdict(0.949, 0.10).kind == "weak")
        #expect(Self.verdict(0.96, 0.50).kind == "luck")
        #expect(Self.verdict(0.49, 0.10).kind == "luck")
        #expect(Self.verdict(0.50, 0.49).kind == "weak")
        #expect(Self.verdict(0.97, nil).kind == "weak")  // holding up needs both
        #expect(Self.verdict(nil, 0.10).kind == "weak")
        #expect(Self.verdict(nil, 0.60).kind == "luck")
        #expect(Self.verdict(nil, nil).kind == "unknown")
    }

    @Test func theVerdictSaysWhyInNumbers() {
        #expect(
            Self.verdict(0.43, 0.576).text
                == "Treat the best run as luck: the best of 270 configurations of pure noise would be expected to look this good (DSR 0.43); and in 58% of the splits the configuration best in sample did no better than the median out of sample (PBO)."
        )
        #expect(
            Self.verdict(0.998, 0.15).text
                == "The best run holds up: even after paying for 270 trials its Sharpe ratio is unlikely to be luck (DSR 1.00), and choosing the best configuration this way held up out of sample in 85% of the splits (PBO 15%)."
        )
        #expect(
            Self.verdict(0.89, 0.294).text
                == "Weak evidence for the best run: after paying for 270 trials the best run's Sharpe ratio is not clearly above 0 (DSR 0.89, below the 0.95 bar); and in 29% of the splits the configuration best in sample did no better than the median out of sample (PBO)."
        )
        #expect(Self.verdict(nil, 0.1).text == "Weak evidence for the best run: the deflated Sharpe ratio could not be computed.")
        #expect(Self.verdict(0.97, nil).text == "Weak evidence for the best run: PBO could not be computed.")
    }

    @Test func sharesAreWholePercentagesThatNeverRoundToTheEnds() {
        #expect(RobustnessView.share(0.576) == "58%" && RobustnessView.share(0) == "0%" && RobustnessView.share(1) == "100%")
        #expect(RobustnessView.share(0.004) == "<1%" && RobustnessView.share(0.996) == ">99%")
        #expect(RobustnessView.share(1.5) == "150%" && RobustnessView.share(nil) == "n/a")
    }
}
