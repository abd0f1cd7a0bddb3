import Workflows

/// A step of the site, after the build's analyse step. An interrupted build, or one whose
/// selection of studies failed, renders and writes nothing, so the old site stays whole.
/// - "render charts": the chart models of every analysed study's pages, drawn to PNG in parallel.
/// - "render pages": every study page and run page through its Mustache template.
/// - "write site": each study's results, pages, charts and, last, its marker; then the index, the
///   assets and the manifest, removing files nothing produces any more.
struct SiteStep: BuildStep {
    enum Work: String {
        case renderCharts = "render charts"
        case renderPages = "render pages"
        case write = "write site"
    }

    let site: SiteBuilder
    let work: Work
    var name: String { work.rawValue }

    func run(_ build: inout BuildContext) throws {
        guard !build.report.interrupted else { return }
        switch work {
        case .renderCharts: site.renderCharts(&build, step: name)
        case .renderPages: site.renderPages(&build, step: name)
        case .write: site.write(&build, step: name)
        }
    }
}
