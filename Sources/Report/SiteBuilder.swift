import Charts
import Engine
import Foundation
import Runner
import Synchronization
import Workflows

/// The static site of a build, made by three steps that share it (the studies' files pass from one
/// to the next inside it): "render charts" draws every chart of every analysed study (in
/// parallel, each with its own Cairo context), "render pages" renders their Mustache pages, and
/// "write site" writes like `make`: a file whose content did not change is not rewritten (same
/// bytes, same mtime), every write is atomic, files nothing produces any more are removed, and
/// only files the site owns (listed in the manifest) are ever touched.
public final class SiteBuilder: Sendable {
    /// Bumped when pages or charts change shape, so existing sites are rendered again.
    public static let version = "site-3"

    let output: URL
    let templates: TemplateSet
    let jobs: Int
    /// The charts of the builds before in this process, if it keeps them (`backlab serve`).
    let memo: ChartMemo?
    private let state = Mutex(State())

    /// One study's part of the site on its way to disk.
    struct StudyPart: Sendable {
        let study: AnalysedStudy
        var files: [SiteFile]
        let summary: StudySummary
    }

    struct State: Sendable {
        var parts: [StudyPart] = []
    }

    /// A site written into `output` with `templates`, its charts drawn on `jobs` workers; with a
    /// `memo`, a chart whose model equals the one drawn at its path before is not drawn again.
    public init(output: URL, templates: TemplateSet, jobs: Int, memo: ChartMemo? = nil) {
        self.output = output
        self.templates = templates
        self.jobs = jobs
        self.memo = memo
    }

    /// The steps that render and write the site, after the build's analyse step.
    public var steps: [any BuildStep] { [.renderCharts, .renderPages, .write].map { SiteStep(site: self, work: $0) } }

    /// The digest of what the site's output depends on besides the results: templates and version.
    public var digestSalt: String { "site \(templates.digest) \(Self.version)" }

    // MARK: render charts

    /// Builds every analysed study's files and draws their charts, all studies' charts in parallel.
    /// A study whose charts fail is left out (its old pages stay) and its error is recorded.
    func renderCharts(_ build: inout BuildContext, step: String) {
        // Runs of large grids are kept without their detail: those a page shows are made again.
        let store = DetailStore(build)
        store.prefetch(build.analysed.flatMap { StudySite.runsShownWhole($0.results) }, jobs: jobs)
        let files = build.analysed.map { StudySite(results: $0.results, store: store).files() }
        build.cache.finishWrites()
        build.report.warnings += store.problems
        // The markers name the entries as this step left them (and none for a study whose runs
        // could not all be made again).
        build.restampMarkers(failing: store.failed)
        let parts = zip(build.analysed, files).map { StudyPart(study: $0, files: $1.files, summary: $1.summary) }
        let charts = parts.indices.flatMap { p in
            parts[p].files.indices.filter { parts[p].files[$0].content.isChart }.map { (part: p, file: $0) }
        }
        let drawn = Mutex([Result<Data?, Error>?](repeating: nil, count: charts.count))
        let memo = self.memo
        let kept = Mutex([String: ChartMemo.Entry]())
        // Never interrupted: a chart is drawn whole or not at all, and no run is lost by finishing.
        ParallelRunService.run(count: charts.count, jobs: jobs, interruption: Interruption()) { index in
            let file = parts[charts[index].part].files[charts[index].file]
            guard let memo, let digest = file.content.chartDigest else { return Result { try file.content.png() } }
            if let png = memo.png(at: file.path, digest: digest) {
                kept.withLock { $0[file.path] = ChartMemo.Entry(digest: digest, png: png) }
                return .success(png)
            }
            let result = Result { try file.content.png() }
            if case .success(let png?) = result { kept.withLock { $0[file.path] = ChartMemo.Entry(digest: digest, png: png) } }
            return result
        } deliver: { index, result in
            drawn.withLock { $0[index] = result }
        }
        memo?.replace(
            studies: Set(parts.map { $0.study.results.study.id }), with: kept.withLock { $0 }, existing: Set(build.studyFolders ?? []))
        var rendered = parts
        var failed = Set<Int>()
        for (index, result) in drawn.withLock({ $0 }).enumerated() {
            let place = charts[index]
            let path = rendered[place.part].files[place.file].path
            do {
                rendered[place.part].files[place.file] = SiteFile(path: path, content: .bytes(try result!.get() ?? Data()))
            } catch {
                if failed.insert(place.part).inserted {
                    build.report.stepErrors.append(BuildStepError(step: step, ChartError(path, error)))
                }
            }
        }
        state.withLock { $0.parts = rendered.indices.filter { !failed.contains($0) }.map { rendered[$0] } }
    }

    // MARK: render pages

    /// Renders every page of the studies whose charts were drawn, all studies' pages on every
    /// worker; a study one of whose pages fails to render is left out (its old pages stay) and
    /// its first failing page's error recorded.
    func renderPages(_ build: inout BuildContext, step: String) {
        let parts = state.withLock { $0.parts }
        let pages = parts.indices.flatMap { p in
            parts[p].files.indices.filter { if case .page = parts[p].files[$0].content { true } else { false } }.map { (part: p, file: $0) }
        }
        let rendered = Mutex([Result<Data, Error>?](repeating: nil, count: pages.count))
        let templates = self.templates
        ParallelRunService.run(count: pages.count, jobs: jobs, interruption: Interruption()) { index in
            guard case .page(let template, let model) = parts[pages[index].part].files[pages[index].file].content else {
                return Result<Data, Error>.success(Data())
            }
            return Result { Data(try templates.render(template, model).utf8) }
        } deliver: { index, result in
            rendered.withLock { $0[index] = result }
        }
        var done = parts
        var failures: [Int: Error] = [:]
        for (index, result) in rendered.withLock({ $0 }).enumerated() {
            let (p, f) = pages[index]
            switch result {
            case .success(let data): done[p].files[f] = SiteFile(path: done[p].files[f].path, content: .bytes(data))
            case .failure(let error): if failures[p] == nil { failures[p] = error }
            case nil: break
            }
        }
        for p in failures.keys.sorted() { build.report.stepErrors.append(BuildStepError(step: step, failures[p]!)) }
        state.withLock { $0.parts = done.indices.filter { failures[$0] == nil }.map { done[$0] } }
    }

    // MARK: write site

    /// Writes each rendered study (its marker removed first and written last), then the index from
    /// what is now on disk, the assets and the manifest. Files of other studies stay as they are
    /// (up to date, broken, not selected, or failed now); files nothing produces any more (a
    /// deleted study, an old run page of a study written now) are removed.
    func write(_ build: inout BuildContext, step: String) {
        guard let folders = build.studyFolders else { return }
        let parts = state.withLock { $0.parts }
        let results = StudyOutput(folder: output)
        let previous = Self.readManifest(output)
        var owned = Set<String>()
        var written: [String] = []
        var writtenStudies = Set<String>()
        var summaries: [String: StudySummary] = [:]
        func put(_ path: String, _ data: Data) throws {
            if try results.write(data, at: path) { written.append(path) }
            owned.insert(path)
        }
        for part in parts {
            let id = part.study.results.study.id
            do {
                build.report.written += try results.write(part.study) {
                    for file in part.files {
                        guard case .bytes(let data) = file.content else { continue }
                        try put(file.path, data)
                    }
                    try put(OutputLayout.path(.summary, of: id), try JSONEncoder.sorted.encode(part.summary) + Data("\n".utf8))
                }
                writtenStudies.insert(id)
                summaries[id] = part.summary
                for file in [OutputLayout.StudyFile.resultsCSV, .resultsJSON, .marker] { owned.insert(OutputLayout.path(file, of: id)) }
                if !part.study.results.walkForwards.isEmpty { owned.insert(OutputLayout.path(.walkForwardCSV, of: id)) }
                if part.study.results.markets != nil { owned.insert(OutputLayout.path(.aggregateCSV, of: id)) }
            } catch {
                build.report.stepErrors.append(BuildStepError(step: step, error))
            }
        }
        // Previous files are kept unless their study was written now or is gone.
        let existing = Set(folders)
        for path in previous where !owned.contains(path) {
            let study = Self.study(of: path)
            if !study.isEmpty && existing.contains(study) && !writtenStudies.contains(study) { owned.insert(path) }
        }
        do {
            let index = try indexPage(studies: folders.sorted(), summaries: summaries, owned: owned)
            try put(OutputLayout.index, index)
            for asset in templates.assets { try put(OutputLayout.asset(asset.name), asset.data) }
            for path in previous where !owned.contains(path) {
                try? FileManager.default.removeItem(at: output.appendingPathComponent(path))
                written.append(path)
                Self.removeEmptyFolders(above: path, in: output)
            }
            let manifest = owned.sorted().joined(separator: "\n") + "\n"
            _ = try results.write(Data(manifest.utf8), at: OutputLayout.manifest)
        } catch {
            build.report.stepErrors.append(BuildStepError(step: step, error))
        }
        build.report.written += written
    }

    /// The index: a line for every study that has a summary, written now or kept from before.
    func indexPage(studies: [String], summaries written: [String: StudySummary], owned: Set<String>) throws -> Data {
        let rows = studies.compactMap { id -> IndexRowView? in
            let path = output.appendingPathComponent(OutputLayout.path(.summary, of: id)).path
            guard
                let s = written[id]
                    ?? FileManager.default.contents(atPath: path).flatMap({ try? JSONDecoder().decode(StudySummary.self, from: $0) })
            else { return nil }
            let thumbnail = "\(id)/" + OutputLayout.chart("thumbnail")
            return IndexRowView(
                id: id, name: s.name, kind: s.kind, runs: String(s.runs), best: s.best, failed: s.failed > 0 ? String(s.failed) : "",
                thumbnail: owned.contains(thumbnail) ? thumbnail : nil)
        }
        let index = IndexPageView(page: PageView(title: "Backlab studies", root: "", crumbs: []), studies: rows, empty: rows.isEmpty)
        return Data(try templates.render("index", index).utf8)
    }

    /// The study a path of the site belongs to; "" for the index, the assets and the manifest.
    static func study(of path: String) -> String {
        let parts = path.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, parts[0] != OutputLayout.assetsFolder else { return "" }
        return String(parts[0])
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

/// A chart that could not be drawn, named by its path in the site.
struct ChartError: Error, CustomStringConvertible {
    let path: String
    let reason: String

    init(_ path: String, _ error: Error) {
        self.path = path
        reason = "\(error)"
    }

    var description: String { "cannot draw \(path): \(reason)" }
}
