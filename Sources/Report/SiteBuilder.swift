import Charts
import Engine
import Foundation
import Runner
import Synchronization
import Workflows

/// Writes the static site into the output folder like `make`: a file whose content did not change
/// is not rewritten (same bytes, same mtime), every write is atomic, files of removed studies are
/// removed, and only files the site owns (listed in `.backlab-site`) are ever touched.
public final class SiteBuilder: Sendable {
    /// Bumped when pages or charts change shape, so existing sites are rendered again.
    public static let version = "site-1"
    /// The manifest of owned files.
    static let manifestName = ".backlab-site"
    /// Per-study summary for the index.
    static let summaryName = ".backlab-summary"

    let output: URL
    let templates: TemplateSet
    let cache: ResultCache
    let jobs: Int
    private let state = Mutex(State())

    struct State {
        var owned = Set<String>()
        var written: [String] = []
        var summaries: [String: StudySummary] = [:]
    }

    /// A builder writing into `output`.
    public init(output: URL, templates: TemplateSet, cache: ResultCache, jobs: Int) {
        self.output = output
        self.templates = templates
        self.cache = cache
        self.jobs = jobs
    }

    /// Files written so far (relative paths).
    public var written: [String] { state.withLock { $0.written } }

    /// Renders one study's pages and charts (charts in parallel) and writes what changed.
    public func renderStudy(_ results: StudyResults) throws {
        let site = StudySite(results: results, cache: cache, templates: templates)
        let (files, summary) = try site.files()
        let rendered = try render(files)
        let summaryData = try JSONEncoder.sorted.encode(summary) + Data("\n".utf8)
        try write(rendered + [(path: "\(site.id)/\(Self.summaryName)", data: summaryData)])
        state.withLock {
            $0.summaries[site.id] = summary
            for name in ["results.csv", "results.json", ".backlab-inputs"] { $0.owned.insert("\(site.id)/\(name)") }
        }
    }

    /// Draws the charts among `files` on `jobs` workers, each with its own Cairo context.
    func render(_ files: [SiteFile]) throws -> [(path: String, data: Data)] {
        let outputs = Mutex([Result<Data, Error>?](repeating: nil, count: files.count))
        ParallelRunService.run(count: files.count, jobs: jobs, interruption: Interruption()) { index in
            let file = files[index]
            return Result<Data, Error> {
                switch file.content {
                case .bytes(let data): return data
                case .lineChart(let chart): return try ChartRenderer.png(chart)
                case .heatmap(let chart): return try ChartRenderer.png(chart)
                }
            }
        } deliver: { index, result in
            outputs.withLock { $0[index] = result }
        }
        let done = outputs.withLock { $0 }
        return try files.indices.map { (files[$0].path, try done[$0]!.get()) }
    }

    func write(_ files: [(path: String, data: Data)]) throws {
        for file in files {
            let changed = try AtomicFile.writeIfChanged(file.data, to: output.appendingPathComponent(file.path))
            state.withLock {
                $0.owned.insert(file.path)
                if changed { $0.written.append(file.path) }
            }
        }
    }

    /// Writes the index and the assets, keeps the files of studies that were up to date or broken,
    /// and removes owned files nothing produced any more (studies that were deleted, old run pages).
    public func finish(studyIDs: [String], keep: Set<String>) throws {
        let previous = Self.readManifest(output)
        // Up-to-date and broken studies keep everything they had.
        let kept = previous.filter { path in keep.contains(String(path.split(separator: "/").first ?? "")) }
        state.withLock { $0.owned.formUnion(kept) }
        var summaries = state.withLock { $0.summaries }
        for id in studyIDs where summaries[id] == nil {
            if let data = FileManager.default.contents(atPath: output.appendingPathComponent("\(id)/\(Self.summaryName)").path),
                let summary = try? JSONDecoder().decode(StudySummary.self, from: data) {
                summaries[id] = summary
            }
        }
        let rows = studyIDs.compactMap { id -> IndexRowView? in
            guard let s = summaries[id] else { return nil }
            let thumbnail = state.withLock { $0.owned.contains("\(id)/charts/thumbnail.png") }
            return IndexRowView(id: id, name: s.name, kind: s.kind, runs: String(s.runs), best: s.best, failed: s.failed > 0 ? String(s.failed) : "",
                                thumbnail: thumbnail ? "\(id)/charts/thumbnail.png" : nil)
        }
        let index = IndexPageView(page: PageView(title: "Backlab studies", root: "", crumbs: []), studies: rows, empty: rows.isEmpty)
        let indexPage = try templates.render("index", index)
        try write([(path: "index.html", data: Data(indexPage.utf8))] + templates.assets.map { ("assets/\($0.name)", $0.data) })
        let owned = state.withLock { $0.owned }
        for path in previous where !owned.contains(path) {
            try? FileManager.default.removeItem(at: output.appendingPathComponent(path))
            state.withLock { $0.written.append(path) }
            Self.removeEmptyFolders(above: path, in: output)
        }
        let manifest = owned.sorted().joined(separator: "\n") + "\n"
        try AtomicFile.writeIfChanged(Data(manifest.utf8), to: output.appendingPathComponent(Self.manifestName))
    }

    /// Removes every file the manifest lists, the folders that leaves empty, and the manifest;
    /// returns how many files went. Files the site does not own stay.
    public static func removeSite(from output: URL) -> Int {
        var removed = 0
        for path in readManifest(output) {
            if (try? FileManager.default.removeItem(at: output.appendingPathComponent(path))) != nil { removed += 1 }
            removeEmptyFolders(above: path, in: output)
        }
        if (try? FileManager.default.removeItem(at: output.appendingPathComponent(manifestName))) != nil { removed += 1 }
        return removed
    }

    static func removeEmptyFolders(above path: String, in output: URL) {
        var folder = output.appendingPathComponent(path).deletingLastPathComponent()
        while folder.path.count > output.path.count, (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: folder)
            folder.deleteLastPathComponent()
        }
    }

    static func readManifest(_ output: URL) -> [String] {
        guard let data = FileManager.default.contents(atPath: output.appendingPathComponent(manifestName).path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { !$0.isEmpty && !$0.hasPrefix("/") && !$0.contains("..") }
    }
}

extension JSONEncoder {
    /// Keys sorted, for byte-identical output.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

struct IndexRowView {
    let id: String
    let name: String
    let kind: String
    let runs: String
    let best: String
    let failed: String
    let thumbnail: String?
}

struct IndexPageView {
    let page: PageView
    let studies: [IndexRowView]
    let empty: Bool
}
