import Engine
import Foundation

/// Finds and reads study folders: `DIR/<id>/run.yaml` with optional optimization.yaml,
/// variant.yaml and walkforward.yaml. A broken study yields its diagnostics and does not stop its siblings.
public enum StudyLoader {
    /// The ids of the study folders in `directory` (folders holding a run.yaml), sorted.
    public static func studyIDs(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).appendingPathComponent("run.yaml").path)
        }.sorted()
    }

    /// The ids to build: `ids`, checked to exist (with suggestions), or every study when empty.
    /// Returns them with every study folder there, selected or not.
    public static func select(directory: URL, displayRoot: String, ids: [String] = []) throws -> (selected: [String], all: [String]) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(
                file: displayRoot, message: "studies folder not found",
                hint: "run from the folder that holds studies/, or pass --studies DIR")
        }
        let available = studyIDs(in: directory)
        var unknown: [Diagnostic] = []
        for id in ids where !available.contains(id) {
            unknown.append(
                Diagnostic(
                    file: displayRoot, message: "unknown study '\(id)'\(Suggestion.didYouMean(id, in: available))",
                    hint: available.isEmpty
                        ? "\(displayRoot) holds no folder with a run.yaml" : "studies: \(available.joined(separator: ", "))"))
        }
        if !unknown.isEmpty { throw DiagnosticList(unknown) }
        return (ids.isEmpty ? available : available.filter { ids.contains($0) }, available)
    }

    /// How a study folder is named in messages.
    public static func displayFolder(_ id: String, root displayRoot: String) -> String {
        displayRoot == "." ? id : "\(displayRoot)/\(id)"
    }

    /// Reads and decodes one study folder whole: its source, outline and grid.
    public static func loadStudy(id: String, folder: URL, displayFolder: String) throws -> StudyDefinition {
        try definition(of: outline(of: StudySource.read(id: id, folder: folder, displayFolder: displayFolder)))
    }

    /// Decodes a study's files, all but the expansion of its grid: enough to know the data its
    /// runs read. Throws when run.yaml is broken; the other files' problems are kept for
    /// `definition(of:)`, which reports them all.
    public static func outline(of source: StudySource) throws -> StudyOutline {
        let runFile = source.run.displayPath
        let runRoot = try source.run.root.get()
        let (base, markets) = try RunConfigDecoder.decodeMarkets(runRoot, file: runFile, folder: source.folder)
        let baseRoot = runRoot ?? .emptyMapping(at: SourceLocation(file: runFile))
        var variants: VariantSpec?
        var optimization: OptimizationSpec?
        var problems: [Diagnostic] = []
        if let file = source.optimization {
            do {
                optimization = try OptimizationDecoder.decode(
                    file.root.get(), file: file.displayPath, base: base, baseRoot: baseRoot, runFile: runFile, folder: source.folder)
            } catch {
                problems += DiagnosticList(from: error).diagnostics
            }
        }
        if let file = source.variants {
            do {
                variants = try VariantDecoder.decode(
                    file.root.get(), file: file.displayPath, baseRoot: baseRoot, runFile: runFile, folder: source.folder)
            } catch {
                problems += DiagnosticList(from: error).diagnostics
            }
        }
        var walkForward: WalkForwardSpec?
        if let file = source.walkForward {
            do {
                walkForward = try WalkForwardDecoder.decode(file.root.get(), file: file.displayPath)
                if source.optimization == nil {
                    throw SourceLocation(file: file.displayPath, line: 1, column: 1).diagnostic(
                        "walkforward.yaml needs an optimization.yaml beside it",
                        hint: "each window runs the grid of optimization.yaml in sample, then its best configuration out of sample")
                }
                for parameter in optimization?.parameters ?? [] where parameter.path.isData {
                    problems.append(
                        parameter.location.diagnostic(
                            "a walk-forward grid cannot vary \(parameter.path.dotted)",
                            hint: "the windows are cut from run.yaml's data and set data.trade_start and data.end themselves"))
                }
            } catch {
                problems += DiagnosticList(from: error).diagnostics
            }
        }
        return StudyOutline(
            source: source, base: base, markets: markets, baseRoot: baseRoot, optimization: optimization, variants: variants,
            walkForward: walkForward, problems: problems)
    }

    /// Completes an outline: expands its grid. Throws every problem of the study's files at once.
    public static func definition(of outline: StudyOutline) throws -> StudyDefinition {
        let source = outline.source
        var problems = outline.problems
        var optimization: OptimizationSpec?
        var points: [[ConfigValue]] = []
        if let spec = outline.optimization, let file = source.optimization {
            do {
                points = try GridExpander.expand(spec, base: outline.base, file: file.displayPath)
                let markets = outline.markets.count
                if markets > 1, points.count * markets > spec.maxRuns {
                    throw spec.parameters[0].location.diagnostic(
                        "the grid's \(points.count) configurations on \(markets) markets are \(points.count * markets) runs, more than max_runs (\(spec.maxRuns))",
                        hint: "narrow the ranges, use larger steps, add where constraints, list fewer markets, or raise max_runs")
                }
                optimization = spec
            } catch {
                // Grid problems come before variant.yaml's, as the files are ordered.
                problems.insert(contentsOf: DiagnosticList(from: error).diagnostics, at: 0)
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return StudyDefinition(
            id: source.id, folder: source.folder, base: outline.base, optimization: optimization, gridPoints: points,
            variants: outline.variants, walkForward: outline.walkForward, markets: outline.markets)
    }
}

/// A study's files decoded, its grid not yet expanded: what the study's digest needs
/// (its files and the data its runs read) without the cost of expanding a large grid.
public struct StudyOutline: Sendable {
    /// The files.
    public let source: StudySource
    /// run.yaml, resolved (its data the first market's).
    public let base: AppConfig
    /// The markets of run.yaml's `data`.
    public let markets: [Market]
    /// run.yaml's nodes, against which optimization.yaml and variant.yaml paths are located.
    let baseRoot: ConfigNode
    /// The grid, when optimization.yaml exists and is valid (not yet expanded).
    public let optimization: OptimizationSpec?
    /// The variants, when variant.yaml exists and is valid.
    public let variants: VariantSpec?
    /// The walk-forward, when walkforward.yaml exists and is valid.
    public let walkForward: WalkForwardSpec?
    /// Problems found so far (in optimization.yaml, variant.yaml, then walkforward.yaml).
    public let problems: [Diagnostic]

    /// Whether a problem is already known: the study cannot be up to date.
    public var isBroken: Bool { !problems.isEmpty }

    /// Every data section the study's runs read, as far as their content goes: run.yaml's, each
    /// data file a grid varies, then each variant's. Known before the grid is expanded (a grid's
    /// other data keys select bars of the same source).
    public var dataSections: [DataConfig] {
        var sections = markets.map(\.data)
        for parameter in optimization?.parameters ?? [] where parameter.path.isDataFile {
            for value in parameter.values {
                var data = base.data
                parameter.path.set(value, in: &data)
                if !sections.contains(data) { sections.append(data) }
            }
        }
        for variant in variants?.variants ?? [] where !sections.contains(variant.config.data) { sections.append(variant.config.data) }
        return sections
    }
}
