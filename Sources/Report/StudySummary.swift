import Foundation

/// A study's summary for the index page, kept beside its pages (`.backlab-summary`) so the index
/// can be rebuilt without reading any results.
struct StudySummary: Codable, Equatable {
    let id: String
    let name: String
    let kind: String
    let runs: Int
    let failed: Int
    let best: String
    let warnings: Int
}
