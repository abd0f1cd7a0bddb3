import Foundation
import Workflows

/// A site as a build left it in its output folder, read back for `publish`: the files it owns
/// that readers see, and the studies whose runs failed.
public struct BuiltSite: Sendable {
    /// A study of the site with failed runs.
    public struct Failure: Sendable, Equatable {
        /// The study.
        public let id: String
        /// Runs that failed.
        public let failed: Int
    }

    /// The output folder.
    public let output: URL
    /// Every file of the manifest but the build's own state (the names starting with a dot:
    /// markers, summaries, the manifest, the lock), relative to `output`.
    public let files: [String]
    /// Studies with failed runs, by id.
    public let failures: [Failure]

    /// Reads the site in `output`; nil when there is none (no manifest: never built, or built
    /// with `--no-render`).
    public init?(output: URL) {
        guard FileManager.default.fileExists(atPath: output.appendingPathComponent(OutputLayout.manifest).path) else { return nil }
        let owned = SiteBuilder.readManifest(output)
        self.output = output
        files = owned.filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
        let summaries = owned.filter { $0.hasSuffix("/" + OutputLayout.StudyFile.summary.rawValue) }
        failures = summaries.sorted().compactMap { path in
            guard let data = FileManager.default.contents(atPath: output.appendingPathComponent(path).path),
                let summary = try? JSONDecoder().decode(StudySummary.self, from: data), summary.failed > 0
            else { return nil }
            return Failure(id: summary.id, failed: summary.failed)
        }
    }
}
