import Workflows

/// "render charts": the chart models of every analysed study's pages, drawn to PNG in parallel.
struct RenderChartsStep: BuildStep {
    let site: SiteBuilder
    let name = "render charts"

    func run(_ build: inout BuildContext) throws {
        guard !build.report.interrupted else { return }
        site.renderCharts(&build, step: name)
    }
}

/// "render pages": every study page and run page through its Mustache template.
struct RenderPagesStep: BuildStep {
    let site: SiteBuilder
    let name = "render pages"

    func run(_ build: inout BuildContext) throws {
        guard !build.report.interrupted else { return }
        site.renderPages(&build, step: name)
    }
}

/// "write site": each study's results, pages, charts and, last, its marker; then the index, the
/// assets and the manifest, removing files nothing produces any more. An interrupted build, or
/// one whose selection of studies failed, writes nothing, so the old site stays whole.
struct WriteSiteStep: BuildStep {
    let site: SiteBuilder
    let name = "write site"

    func run(_ build: inout BuildContext) throws {
        guard !build.report.interrupted else { return }
        site.write(&build, step: name)
    }
}
