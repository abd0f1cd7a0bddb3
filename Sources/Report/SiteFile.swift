import Charts
import Foundation

/// A file of the site: bytes, or a chart still to draw.
enum SiteContent: Sendable {
    case bytes(Data)
    case lineChart(LineChart)
    case heatmap(HeatmapChart)
}

/// A file of the site at a path relative to the output folder.
struct SiteFile: Sendable {
    let path: String
    let content: SiteContent

    static func page(_ path: String, _ html: String) -> SiteFile { SiteFile(path: path, content: .bytes(Data(html.utf8))) }
}
