import Engine

/// How much to trust the best run of a grid (DESIGN section 8): its probabilistic and deflated
/// Sharpe ratios with the study's trial ledger as N, the probability of backtest overfitting by
/// CSCV over every run's block sums, and (for a study's own grid) the best plateau.
///
/// Everything is per period (per day): Sharpe ratios, SR0 and the variance V of the trials'
/// Sharpe ratios; docs/robustness.md has the formulas and conventions.
public struct RobustnessReport: Sendable, Equatable {
    /// N: the distinct configurations the study has ever evaluated (its trial ledger).
    public let trials: Int
    /// The runs of this grid.
    public let gridRuns: Int
    /// The runs of this grid whose daily returns have a Sharpe ratio (they vary).
    public let measuredRuns: Int
    /// V: the sample variance (ddof 1) of those runs' per-period Sharpe ratios.
    public let sharpeVariance: Double?
    /// The grid point the robustness is about (the best run), when there is one.
    public let best: Int?
    /// Its daily excess returns' moments.
    public let bestMoments: ReturnMoments?
    /// PSR(0): the probability that its true Sharpe ratio is above 0, ignoring the selection.
    public let probabilisticSharpe: Double?
    /// SR0: the per-period Sharpe ratio the best of N trials of zero true Sharpe would reach.
    public let expectedMaximumSharpe: Double?
    /// DSR = PSR(SR0).
    public let deflatedSharpe: Double?
    /// S, the blocks of CSCV.
    public let blocks: Int
    /// PBO and the splits behind it; nil when it cannot be computed (see `overfittingNote`).
    public let overfitting: OverfittingAnalysis?
    /// Why there is no PBO.
    public let overfittingNote: String?
    /// The best plateau, on a study's own grid.
    public let plateau: PlateauSummary?

    /// Computes the statistics of a grid from its runs' statistics (nil: the run failed), the best
    /// grid point, N and S; `keepSplits` false keeps only the summary of PBO's splits.
    public init(
        statistics: [RunStatistics?], best: Int?, trials: Int, blocks: Int, plateau: PlateauSummary? = nil, keepSplits: Bool = true
    ) {
        self.trials = trials
        self.blocks = blocks
        self.best = best
        self.plateau = plateau
        gridRuns = statistics.count
        let sharpes = statistics.compactMap { $0?.moments?.sharpe }
        measuredRuns = sharpes.count
        sharpeVariance = SharpeStatistics.variance(ofSharpes: sharpes)
        let moments = best.flatMap { statistics[$0]?.moments }
        let sr0 = sharpeVariance.flatMap { SharpeStatistics.expectedMaximumSharpe(trials: trials, variance: $0) }
        bestMoments = moments
        expectedMaximumSharpe = sr0
        probabilisticSharpe = moments.flatMap { SharpeStatistics.probabilisticSharpe($0, benchmark: 0) }
        if let moments, let sr0 {
            deflatedSharpe = SharpeStatistics.probabilisticSharpe(moments, benchmark: sr0)
        } else {
            deflatedSharpe = nil
        }
        let finished = statistics.compactMap { $0 }
        let cut = finished.compactMap { $0.blocks(blocks) }
        if finished.count < 2 {
            overfitting = nil
            overfittingNote = "PBO needs at least 2 finished runs"
        } else if cut.count < finished.count {
            overfitting = nil
            overfittingNote = "too few daily returns to cut into \(blocks) blocks of at least 1 return with 2 in each half"
        } else if let analysis = OverfittingAnalysis(runs: cut) {
            overfitting = keepSplits ? analysis : analysis.summary
            overfittingNote = nil
        } else {
            overfitting = nil
            overfittingNote = "the runs' daily returns cannot be cut into \(blocks) equal blocks (they cover different days)"
        }
    }
}

/// The best plateau of a grid beside its best point (DESIGN section 8).
public struct PlateauSummary: Sendable, Equatable {
    /// The grid point whose objective averaged with its neighbours' is best.
    public let point: Int
    /// That average.
    public let value: Double
    /// How many values the average is over (the point and its neighbours with an objective).
    public let neighbours: Int
    /// The best point's own averaged objective.
    public let bestPointAverage: Double?
    /// Steps between the two points: the sum over the parameters of their distance in value
    /// positions (0: the best point is also the best plateau).
    public let distance: Int

    /// The plateau of `objectives` (nil for runs without one) over the grid whose points sit at
    /// `coordinates` (each parameter's value position); nil when no point has an objective.
    public init?(coordinates: [[Int]], objectives: [Double?], numeric: [Bool], maximize: Bool) {
        guard let plateau = Plateau(coordinates: coordinates, objectives: objectives, numeric: numeric, maximize: maximize),
            let value = plateau.smoothed[plateau.bestPlateau]
        else { return nil }
        point = plateau.bestPlateau
        self.value = value
        neighbours = plateau.valueCounts[plateau.bestPlateau]
        bestPointAverage = plateau.smoothed[plateau.bestPoint]
        distance = zip(coordinates[plateau.bestPoint], coordinates[plateau.bestPlateau]).map { abs($0 - $1) }.reduce(0, +)
    }
}
