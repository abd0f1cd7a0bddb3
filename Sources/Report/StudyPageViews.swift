/// Models of a study page and of a run's own page (rendered by optimization.mustache,
/// variants.mustache, single.mustache and run.mustache).

/// The model of a study page.
struct StudyPageView {
    struct Sections {
        var optimization: OptimizationSectionView?
        var variants: VariantSectionView?
        var single: RunDetailView?
        /// A single run over several markets: every metric on each market beside the aggregate.
        var singleMarkets: TableView?
    }

    let page: PageView
    let id: String
    let name: String
    let description: String?
    let kind: String
    let runsText: String
    let config: [PairView]
    let sections: Sections
    let failures: [FailureView]
    let hasFailures: Bool
}

struct BestRunView {
    let label: String
    let link: String
    let metrics: [PairView]
}

struct OptimizationSectionView {
    let objective: String
    let parameters: [PairView]
    let constraintsText: String?
    let requirementsText: String?
    let ranked: String
    let heatmap: HeatmapFigureView?
    let multiples: HeatmapMultiplesView?
    let tradeoffs: TradeoffsView
    /// What the heatmap shows and where its cells lead.
    let heatmapNote: String
    let topEquity: ImageView?
    let best: BestRunView?
    let robustness: RobustnessView
    let walkForward: WalkForwardSummaryView?
    let table: TableView
}

struct DifferenceItemView {
    let path: String
    let baseline: String
    let variant: String
}

struct DifferenceView {
    let variant: String
    let link: String
    let isBaseline: Bool
    let items: [DifferenceItemView]
    let none: Bool
}

struct VariantSectionView {
    let baseline: String
    let table: TableView
    let allRounder: AllRounderView?
    let equity: ImageView
    let drawdown: ImageView
    let metricsHeatmap: ImageView
    let differences: [DifferenceView]
}

/// A run's own page.
struct RunPageView {
    let page: PageView
    let detail: RunDetailView
    let rank: String
    /// Over several markets: every metric on each market beside the aggregate.
    var markets: TableView? = nil
}

/// One study on the index page.
struct IndexRowView {
    let id: String
    let name: String
    let kind: String
    let runs: String
    let best: String
    let failed: String
    let thumbnail: String?
}

/// The index page.
struct IndexPageView {
    let page: PageView
    let studies: [IndexRowView]
    let empty: Bool
}
