import ArgumentParser
import Foundation
import Report
import Workflows

/// `backlab clean [--cache] [--ledger]`: removes what builds wrote to the output folder (and the
/// cache, and the trial ledgers).
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove the results builds wrote to the output folder; with --cache, the result cache too.",
        discussion: """
            The studies' trial ledgers (every configuration each study has evaluated, the N of its deflated Sharpe \
            ratio) are kept unless --ledger is given.
            """)

    @Option(help: "Output folder.")
    var output = "output"

    @Option(name: .customLong("cache-dir"), help: "Result cache folder.")
    var cacheDirectory = ".backlab/cache"

    @Flag(help: "Also remove the result cache (every run will run again).")
    var cache = false

    @Option(name: .customLong("ledger-dir"), help: "Trial ledger folder.")
    var ledgerDirectory = ".backlab/ledger"

    @Flag(help: "Also forget the trial ledgers: the next builds count only the configurations they evaluate.")
    var ledger = false

    func run() throws {
        let fm = FileManager.default
        // Not while a build writes the output or uses the cache: wait for it. The lock files stay
        // (removing one would let two processes each hold a lock of the same name).
        let locks: BuildLocks
        do {
            locks = try BuildLocks.clean(
                output: fm.fileExists(atPath: output) ? URL(fileURLWithPath: output) : nil, shown: output,
                cache: cache && fm.fileExists(atPath: cacheDirectory) ? URL(fileURLWithPath: cacheDirectory) : nil
            ) { Terminal.printError($0) }
        } catch {
            throw failWithDiagnostics(error)
        }
        defer { locks.release() }
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
            for name in (try? fm.contentsOfDirectory(atPath: cacheDirectory)) ?? [] where name != BuildLocks.cacheFile {
                try? fm.removeItem(atPath: (cacheDirectory as NSString).appendingPathComponent(name))
            }
            message += " and the cache \(cacheDirectory)"
        }
        if ledger {
            // The ledgers only: the lock file stays, as every lock file does.
            let ledgers = ((try? fm.contentsOfDirectory(atPath: ledgerDirectory)) ?? []).filter { $0.hasSuffix(".txt") }
            for name in ledgers { try? fm.removeItem(atPath: (ledgerDirectory as NSString).appendingPathComponent(name)) }
            let studies = ledgers.count
            message +=
                "; forgot the trial ledger\(studies == 1 ? "" : "s") of \(studies) stud\(studies == 1 ? "y" : "ies") in \(ledgerDirectory)"
                + " (the deflated Sharpe ratios of the next builds count only the configurations they evaluate)"
        }
        Terminal.write(message + "\n")
    }
}
