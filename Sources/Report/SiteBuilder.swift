import Charts
import Engine
import Foundation
import Storage
import Synchronization
import Workflows

/// The static site of a build, made by three steps that share it: "render charts" draws every
/// chart of every analysed study (in parallel, each with its own Cairo context), "render pages"
/// renders the Mustache pages and the index, and "write site" writes like `make`: a file whose
/// content did not change is not rewritten (same bytes, same mtime), every write is atomic, files
/// of removed studies are removed, and only files the site owns (listed in the manifest) are
/// ever touched.
public final class SiteBuilder: Sendable {
    /// Bumped when pages or charts change shape, so existing sites are rendered again.
    public static let version = "site-1"

    let output: URL
    let templates: TemplateSet
    let jobs: Int
    private let state = Mutex(State())

    /// One study's part of the site on its way to disk.
    struct StudyPart: Sendable {
        let study: AnalysedStudy
        var files: [SiteFile]
        let summary: StudySummary
    }

    struct State: Sendable {
        var parts: [StudyPart] = []
        var index: Data?
        var kept: [String] = []
    }

    /// A site written into `output` with `templates`, its charts drawn on `jobs` workers.
    public init(output: URL, templates: TemplateSet, jobs: Int) {
        self.output = output
        self.templates = templates
        self.jobs = jobs
    }

    /// The steps that render and write the site, after the build's analyse step.
    public var steps: [any BuildStep] { [RenderChartsStep(site: self), RenderPagesStep(site: self), WriteSiteStep(site: self)] }

    /// The digest of what the site's output depends on besides the results: templates and version.
    public var digestSalt: String { "site \(templates.digest) \(Self.version)" }

    // MARK: render charts

    func renderCharts(_ build: BuildContext) throws {
        let parts = build.analysed.map { study in
            let (files, summary) = StudySite(results: study.results, store: build.cache).files()
            return StudyPart(study: study, files: files, summary: summary)
        }
        // Every chart of every study, drawn in parallel.
        let charts = parts.indices.flatMap { p in parts[p].files.indices.map { (part: p, file: $0) } }.filter { place in
            switch parts[place.part].files[place.file].content {
            case .lineChart, .heatmap: true
            case .bytes, .page: false
            }
        }
        let drawn = Mutex([Result<Data, Error>?](repeating: nil, count: charts.count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, charts.count))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < charts.count else { break }
                let result = Result<Data, Error> {
                    switch parts[charts[index].part].files[charts[index].file].content {
                    case .lineChart(let chart): try ChartRenderer.png(chart)
                    case .heatmap(let chart): try ChartRenderer.png(chart)
                    case .bytes(let data): data
                    case .page: Data()
                    }
                }
                drawn.withLock { $0[index] = result }
            }
        }
        var rendered = parts
        let done = drawn.withLock { $0 }
        for (index, place) in charts.enumerated() {
            let path = rendered[place.part].files[place.file].path
            rendered[place.part].files[place.file] = SiteFile(path: path, content: .bytes(try done[index]!.get()))
        }
        state.withLock { $0.parts = rendered }
    }

    // MARK: render pages

    func renderPages(_ build: BuildContext) throws {
        var parts = state.withLock { $0.parts }
        for p in parts.indices {
            for f in parts[p].files.indices {
                guard case .page(let template, let model) = parts[p].files[f].content else { continue }
                let html = try templates.render(template, model)
                parts[p].files[f] = SiteFile(path: parts[p].files[f].path, content: .bytes(Data(html.utf8)))
            }
        }
        // The index lists every study: those rendered now, and those up to date or broken, whose
        // files stay as they are (their line comes from the summary kept beside their pages).
        let report = build.report
        let keep = Set(report.studies.filter(\.upToDate).map(\.id) + report.brokenIDs)
        let kept = Self.readManifest(output).filter { keep.contains(String($0.split(separator: "/").first ?? "")) }
        var summaries = Dictionary(uniqueKeysWithValues: parts.map { ($0.summary.id, $0.summary) })
        let ids = (report.studies.map(\.id) + report.brokenIDs).sorted()
        for id in ids where summaries[id] == nil {
            let path = output.appendingPathComponent(OutputLayout.path(.summary, of: id)).path
            if let data = FileManager.default.contents(atPath: path), let summary = try? JSONDecoder().decode(StudySummary.self, from: data)
            {
                summaries[id] = summary
            }
        }
        let thumbnails = Set(kept + parts.flatMap { $0.files.map(\.path) })
        let rows = ids.compactMap { id -> IndexRowView? in
            guard let s = summaries[id] else { return nil }
            let thumbnail = "\(id)/" + OutputLayout.chart("thumbnail")
            return IndexRowView(
                id: id, name: s.name, kind: s.kind, runs: String(s.runs), best: s.best, failed: s.failed > 0 ? String(s.failed) : "",
                thumbnail: thumbnails.contains(thumbnail) ? thumbnail : nil)
        }
        let index = IndexPageView(page: PageView(title: "Backlab studies", root: "", crumbs: []), studies: rows, empty: rows.isEmpty)
        let indexData = Data(try templates.render("index", index).utf8)
        state.withLock {
            $0.parts = parts
            $0.index = indexData
            $0.kept = kept
        }
    }

    // MARK: write site

    func write(_ build: inout BuildContext, step: String) {
        let (parts, index, kept) = state.withLock { ($0.parts, $0.index, $0.kept) }
        let results = StudyOutput(folder: output)
        var owned = Set(kept)
        var written: [String] = []
        func put(_ path: String, _ data: Data) throws {
            owned.insert(path)
            do {
                if try AtomicFile.writeIfChanged(data, to: output.appendingPathComponent(path)) { written.append(path) }
            } catch {
                throw OutputError(path: output.appendingPathComponent(path).path, error)
            }
        }
        for part in parts {
            let id = part.study.results.study.id
            do {
                build.report.written += try results.writeResults(part.study.results)
                for file in part.files {
                    guard case .bytes(let data) = file.content else { continue }
                    try put(file.path, data)
                }
                try put(OutputLayout.path(.summary, of: id), try JSONEncoder.sorted.encode(part.summary) + Data("\n".utf8))
                try results.markDone(part.study)
            } catch {
                build.report.stepErrors.append(BuildStepError(step: step, error))
            }
            for file in [OutputLayout.StudyFile.resultsCSV, .resultsJSON, .marker] { owned.insert(OutputLayout.path(file, of: id)) }
        }
        do {
            if let index { try put(OutputLayout.index, index) }
            for asset in templates.assets { try put(OutputLayout.asset(asset.name), asset.data) }
            // Remove owned files that nothing produced any more (deleted studies, old run pages).
            for path in Self.readManifest(output) where !owned.contains(path) {
                try? FileManager.default.removeItem(at: output.appendingPathComponent(path))
                written.append(path)
                Self.removeEmptyFolders(above: path, in: output)
            }
            let manifest = owned.sorted().joined(separator: "\n") + "\n"
            try put(OutputLayout.manifest, Data(manifest.utf8))
            owned.remove(OutputLayout.manifest)
        } catch {
            build.report.stepErrors.append(BuildStepError(step: step, error))
        }
        build.report.written += written.filter { $0 != OutputLayout.manifest }
    }

    /// Removes every file the manifest lists, the folders that leaves empty, and the manifest;
    /// returns how many files went. Files the site does not own stay.
    public static func removeSite(from output: URL) -> Int {
        var removed = 0
        for path in readManifest(output) {
            if (try? FileManager.default.removeItem(at: output.appendingPathComponent(path))) != nil { removed += 1 }
            removeEmptyFolders(above: path, in: output)
        }
        if (try? FileManager.default.removeItem(at: output.appendingPathComponent(OutputLayout.manifest))) != nil { removed += 1 }
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
        guard let data = FileManager.default.contents(atPath: output.appendingPathComponent(OutputLayout.manifest).path) else { return [] }
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
