import Charts
import Foundation

/// A file of the site: bytes, a chart still to draw, or a page still to render.
enum SiteContent: Sendable {
    case bytes(Data)
    case lineChart(LineChart)
    case heatmap(HeatmapChart)
    /// A Mustache template and its view model.
    case page(template: String, model: any Sendable)
}

/// A file of the site at a path relative to the output folder.
struct SiteFile: Sendable {
    let path: String
    let content: SiteContent

    static func page(_ path: String, template: String, _ model: any Sendable) -> SiteFile {
        SiteFile(path: path, content: .page(template: template, model: model))
    }
}
