import Charts
import Foundation

/// A file of the site: bytes, a chart still to draw, or a page still to render.
enum SiteContent: Sendable {
    case bytes(Data)
    case lineChart(LineChart)
    case heatmap(HeatmapChart)
    case histogram(HistogramChart)
    case scatter(ScatterChart)
    case spread(SpreadChart)
    /// A Mustache template and its view model.
    case page(template: String, model: any Sendable)
}

extension SiteContent {
    /// Whether this is a chart still to draw.
    var isChart: Bool {
        switch self {
        case .lineChart, .heatmap, .histogram, .scatter, .spread: true
        case .bytes, .page: false
        }
    }

    /// The digest of a chart's model (`ChartMemo`); nil for anything else.
    var chartDigest: [UInt8]? {
        switch self {
        case .lineChart(let chart): ChartMemo.digest(of: chart)
        case .heatmap(let chart): ChartMemo.digest(of: chart)
        case .histogram(let chart): ChartMemo.digest(of: chart)
        case .scatter(let chart): ChartMemo.digest(of: chart)
        case .spread(let chart): ChartMemo.digest(of: chart)
        case .bytes, .page: nil
        }
    }

    /// The PNG of a chart, drawn with a Cairo context of its own; nil for anything else.
    func png() throws -> Data? {
        switch self {
        case .lineChart(let chart): try ChartRenderer.png(chart)
        case .heatmap(let chart): try ChartRenderer.png(chart)
        case .histogram(let chart): try ChartRenderer.png(chart)
        case .scatter(let chart): try ChartRenderer.png(chart)
        case .spread(let chart): try ChartRenderer.png(chart)
        case .bytes, .page: nil
        }
    }
}

/// A file of the site at a path relative to the output folder.
struct SiteFile: Sendable {
    let path: String
    let content: SiteContent

    static func page(_ path: String, template: String, _ model: any Sendable) -> SiteFile {
        SiteFile(path: path, content: .page(template: template, model: model))
    }
}
