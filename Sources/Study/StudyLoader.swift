import Engine
import Foundation

/// Finds and reads study folders: `DIR/<id>/run.yaml` with optional optimization.yaml and
/// variant.yaml. A broken study yields its diagnostics and does not stop its siblings.
public enum StudyLoader {
    /// The outcome for one study.
    public struct Loaded: Sendable {
        /// The folder name.
        public let id: String
        /// The study, or every problem found in its files.
        public let result: Result<StudyDefinition, DiagnosticList>
    }

    /// The ids of the study folders in `directory` (folders holding a run.yaml), sorted.
    public static func studyIDs(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            !name.hasPrefix(".") && FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).appendingPathComponent("run.yaml").path)
        }.sorted()
    }

    /// The ids to build: `ids`, checked to exist (with suggestions), or every study when empty.
    public static func select(directory: URL, displayRoot: String, ids: [String] = []) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(file: displayRoot, message: "studies folder not found", hint: "run from the folder that holds studies/, or pass --studies DIR")
        }
        let available = studyIDs(in: directory)
        var unknown: [Diagnostic] = []
        for id in ids where !available.contains(id) {
            unknown.append(Diagnostic(file: displayRoot, message: "unknown study '\(id)'\(Suggestion.didYouMean(id, in: available))",
                                      hint: available.isEmpty ? "\(displayRoot) holds no folder with a run.yaml" : "studies: \(available.joined(separator: ", "))"))
        }
        if !unknown.isEmpty { throw DiagnosticList(unknown) }
        return ids.isEmpty ? available : available.filter { ids.contains($0) }
    }

    /// How a study folder is named in messages.
    public static func displayFolder(_ id: String, root displayRoot: String) -> String {
        displayRoot == "." ? id : "\(displayRoot)/\(id)"
    }

    /// Loads the named studies (all when `ids` is empty); unknown ids are reported with suggestions.
    /// `displayRoot` is how the studies folder is shown in messages.
    public static func load(directory: URL, displayRoot: String, ids: [String] = []) throws -> [Loaded] {
        try select(directory: directory, displayRoot: displayRoot, ids: ids).map { id in
            let folder = directory.appendingPathComponent(id)
            return Loaded(id: id, result: Result { try loadStudy(id: id, folder: folder, displayFolder: displayFolder(id, root: displayRoot)) }
                .mapError(DiagnosticList.init(from:)))
        }
    }

    /// The data sections a study's runs can use (run.yaml's and each variant's), without
    /// expanding its grid, which cannot change the data.
    public static func dataSections(folder: URL, displayFolder: String) throws -> [DataConfig] {
        let runFile = "\(displayFolder)/run.yaml"
        let runSource = try YAMLSource(path: folder.appendingPathComponent("run.yaml").path, displayPath: runFile)
        let base = try RunConfigDecoder.decode(runSource.root, file: runFile, folder: folder)
        var sections = [base.data]
        let variantPath = folder.appendingPathComponent("variant.yaml").path
        if FileManager.default.fileExists(atPath: variantPath) {
            let file = "\(displayFolder)/variant.yaml"
            let source = try YAMLSource(path: variantPath, displayPath: file)
            let spec = try VariantDecoder.decode(source.root, file: file, baseRoot: runSource.root ?? .emptyMapping(at: SourceLocation(file: runFile)),
                                                 runFile: runFile, folder: folder)
            for variant in spec.variants where !sections.contains(variant.config.data) { sections.append(variant.config.data) }
        }
        return sections
    }

    /// Reads one study folder.
    public static func loadStudy(id: String, folder: URL, displayFolder: String) throws -> StudyDefinition {
        let runFile = "\(displayFolder)/run.yaml"
        let runSource = try YAMLSource(path: folder.appendingPathComponent("run.yaml").path, displayPath: runFile)
        let base = try RunConfigDecoder.decode(runSource.root, file: runFile, folder: folder)
        let baseRoot = runSource.root ?? .emptyMapping(at: SourceLocation(file: runFile))
        var problems: [Diagnostic] = []
        var optimization: OptimizationSpec?
        var points: [[ConfigValue]] = []
        let optimizationPath = folder.appendingPathComponent("optimization.yaml").path
        if FileManager.default.fileExists(atPath: optimizationPath) {
            let file = "\(displayFolder)/optimization.yaml"
            do {
                let source = try YAMLSource(path: optimizationPath, displayPath: file)
                let spec = try OptimizationDecoder.decode(source.root, file: file, base: base, baseRoot: baseRoot, runFile: runFile, folder: folder)
                points = try GridExpander.expand(spec, base: base, file: file)
                optimization = spec
            } catch {
                problems += DiagnosticList(from: error).diagnostics
            }
        }
        var variants: VariantSpec?
        let variantPath = folder.appendingPathComponent("variant.yaml").path
        if FileManager.default.fileExists(atPath: variantPath) {
            let file = "\(displayFolder)/variant.yaml"
            do {
                let source = try YAMLSource(path: variantPath, displayPath: file)
                variants = try VariantDecoder.decode(source.root, file: file, baseRoot: baseRoot, runFile: runFile, folder: folder)
            } catch {
                problems += DiagnosticList(from: error).diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return StudyDefinition(id: id, folder: folder, base: base, optimization: optimization, gridPoints: points, variants: variants)
    }
}
