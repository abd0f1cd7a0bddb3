/// Where everything a build writes lives in the output folder, as paths relative to it. The one
/// place that names output files: the results writer, the site, its manifest and `clean` use it.
public enum OutputLayout {
    /// The site's index page.
    public static let index = "index.html"
    /// The manifest of files the site owns (only they are ever touched or removed).
    public static let manifest = ".backlab-site"
    /// The folder of the templates' CSS and JS.
    public static let assetsFolder = "assets"

    /// The files of a study folder that hold its results and state, not its pages.
    public enum StudyFile: String, CaseIterable, Sendable {
        /// One row per run.
        case resultsCSV = "results.csv"
        /// The runs and the analyses.
        case resultsJSON = "results.json"
        /// A walk-forward's windows, one row each.
        case walkForwardCSV = "walkforward.csv"
        /// A study of several markets: one row per configuration over all of them.
        case aggregateCSV = "aggregate.csv"
        /// The digest of the inputs the results were written from (written last).
        case marker = ".backlab-inputs"
        /// The study's line on the index page.
        case summary = ".backlab-summary"
    }

    /// `<study>/<file>`.
    public static func path(_ file: StudyFile, of study: String) -> String { "\(study)/\(file.rawValue)" }
    /// A study's page.
    public static func studyPage(_ study: String) -> String { "\(study)/index.html" }
    /// A walk-forward's page, relative to its study's folder.
    public static let walkForwardPageName = "walkforward.html"
    /// A study's walk-forward page.
    public static func walkForwardPage(_ study: String) -> String { "\(study)/\(walkForwardPageName)" }
    /// A chart of a study, relative to the study's folder.
    public static func chart(_ name: String) -> String { "charts/\(name).png" }
    /// A run's own page, relative to the study's folder (runs are numbered from 1).
    public static func runPage(_ run: Int) -> String { "runs/\(run + 1).html" }
    /// The prefix of a run's charts, relative to the study's folder.
    public static func runChartPrefix(_ run: Int) -> String { "runs/\(run + 1)" }
    /// The prefix of the charts of a single-run study's one run, relative to its folder.
    public static let singleRunPrefix = "charts/run"
    /// A run's own files beside its page: `<prefix>-equity.png`, `-drawdown.png`, `-trades.csv`.
    public enum RunFile: String, CaseIterable, Sendable {
        case equity = "equity.png"
        case drawdown = "drawdown.png"
        case monthly = "monthly.png"
        case trades = "trades.csv"
    }
    /// A run file under `prefix`, relative to the study's folder.
    public static func runFile(_ file: RunFile, prefix: String) -> String { "\(prefix)-\(file.rawValue)" }
    /// An asset.
    public static func asset(_ name: String) -> String { "\(assetsFolder)/\(name)" }
}
