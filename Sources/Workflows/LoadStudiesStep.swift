import Engine
import Foundation
import Storage
import Study

/// "load studies": finds the studies, reads each folder once, fingerprints the data its runs
/// read, and skips a study whose marker matches the digest of its inputs without expanding its
/// grid. A broken study yields its diagnostics; its siblings go on.
public struct LoadStudiesStep: BuildStep {
    public let name = "load studies"

    /// The step.
    public init() {}

    public func run(_ build: inout BuildContext) throws {
        let options = build.options
        let skipUpToDate = options.skipUpToDate && options.shard == nil && !options.force
        let ids: [String]
        do {
            (ids, build.studyFolders) = try StudyLoader.select(
                directory: options.studies, displayRoot: options.studiesDisplay, ids: options.ids)
        } catch {
            build.problems(DiagnosticList(from: error).diagnostics)
            build.report.brokenIDs = options.ids
            return
        }
        var problems: [Diagnostic] = []
        for id in ids {
            let shown = StudyLoader.displayFolder(id, root: options.studiesDisplay)
            do {
                let source = try StudySource.read(id: id, folder: options.studies.appendingPathComponent(id), displayFolder: shown)
                let outline = try StudyLoader.outline(of: source)
                let digest = try Self.digest(of: outline, salt: options.digestSalt, build: &build)
                if skipUpToDate, !outline.isBroken, let marker = StudyMarker.read(options.output.appendingPathComponent(id)),
                    marker.digest == digest
                {
                    // Up to date only while the cache still holds what the output was built from.
                    let missing = marker.missingEntries(in: build.cache)
                    if missing == 0 {
                        build.report.studies.append(
                            .init(id: id, runs: marker.runs, ran: 0, cached: marker.runs, failed: 0, upToDate: true))
                        continue
                    }
                    build.report.warnings.append(
                        "\(id): \(missing) of the \(marker.entries.count) cache entries its output was built from are gone from "
                            + "\(options.cache.path) or changed: its runs are checked again, and those missing run again")
                }
                build.loaded.append(LoadedStudy(definition: try StudyLoader.definition(of: outline), inputsDigest: digest))
            } catch {
                problems += DiagnosticList(from: error).diagnostics
                build.report.brokenIDs.append(id)
            }
        }
        build.problems(problems)
        build.fingerprintMemo.save()
    }

    /// A digest of everything a study's output depends on: the bytes of its YAML files, the
    /// fingerprints of its data, the engine and results-format versions and `salt` (the site's
    /// templates). Equal digests mean equal output, so a build can skip the study without
    /// expanding its grid.
    static func digest(of outline: StudyOutline, salt: String, build: inout BuildContext) throws -> String {
        var text = "results-format 1\nengine \(EngineVersion.current)\n\(salt)\n"
        for file in outline.source.files { text += "\(file.name) \(SHA256Digest.hex(file.bytes))\n" }
        for data in outline.dataSections { text += "data \(try build.sourceFingerprint(data).digest)\n" }
        return SHA256Digest.hex(Array(text.utf8))
    }
}
