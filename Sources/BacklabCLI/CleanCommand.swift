import ArgumentParser
import Foundation
import Report
import Workflows

/// `backlab clean [--cache]`: removes what builds wrote to the output folder (and the cache).
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean", abstract: "Remove the results builds wrote to the output folder; with --cache, the result cache too.")

    @Option(help: "Output folder.")
    var output = "output"

    @Option(name: .customLong("cache-dir"), help: "Result cache folder.")
    var cacheDirectory = ".backlab/cache"

    @Flag(help: "Also remove the result cache (every run will run again).")
    var cache = false

    func run() throws {
        let fm = FileManager.default
        // Only files builds own: those in the site's manifest, then each study folder's results
        // and markers (also written by builds with --no-render, which keep no manifest).
        var removed = SiteBuilder.removeSite(from: URL(fileURLWithPath: output))
        for study in (try? fm.contentsOfDirectory(atPath: output)) ?? [] {
            let folder = (output as NSString).appendingPathComponent(study)
            let owned = [OutputLayout.StudyFile.marker, .resultsJSON].map(\.rawValue)
            guard owned.contains(where: { fm.fileExists(atPath: (folder as NSString).appendingPathComponent($0)) }) else { continue }
            for name in OutputLayout.StudyFile.allCases.map(\.rawValue) {
                if (try? fm.removeItem(atPath: (folder as NSString).appendingPathComponent(name))) != nil { removed += 1 }
            }
            if (try? fm.contentsOfDirectory(atPath: folder))?.isEmpty == true { try? fm.removeItem(atPath: folder) }
        }
        var message = "removed \(removed) file\(removed == 1 ? "" : "s") from \(output)"
        if cache, fm.fileExists(atPath: cacheDirectory) {
            try? fm.removeItem(atPath: cacheDirectory)
            message += " and the cache \(cacheDirectory)"
        }
        Terminal.write(message + "\n")
    }
}
