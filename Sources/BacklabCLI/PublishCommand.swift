import ArgumentParser
import Engine
import Foundation
import Publishing
import Report
import Storage
import Workflows

/// `backlab publish DEST`: the built site as a new version folder in DEST, then one atomic
/// switch of `DEST/current` (see `SitePublisher`).
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the built site to a folder: a new version, then one atomic switch of DEST/current.",
        discussion: """
            Files unchanged since the version DEST/current points at are hard-linked, not copied; an unchanged \
            site writes nothing. Point the web server at DEST/current (docs/site.md).
            """)

    @Argument(help: "The folder to publish into (a web root, a mounted share).")
    var destination: String

    @Option(help: "The built site to publish.")
    var output = "output"

    @Option(help: "Versions to keep (the current one is always kept).")
    var keep = 5

    @Flag(help: "Point DEST/current back at the version before it, and publish nothing.")
    var rollback = false

    @Flag(help: "Publish even when some studies have failed runs.")
    var allowFailures = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Stop with an error, instead of waiting, when a build is writing the site.")
    var noWait = false

    func validate() throws {
        guard keep >= 1 else { throw ValidationError("--keep must be at least 1") }
    }

    /// DEST as the user wrote it, without a final slash, for messages.
    var shownDestination: String {
        var shown = destination
        while shown.count > 1 && shown.hasSuffix("/") { shown.removeLast() }
        return shown
    }

    func run() throws {
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func resolve(_ path: String) -> URL {
            (path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)).standardizedFileURL
        }
        let publisher = SitePublisher(destination: resolve(destination))
        let waiting: (String) -> Void = { Terminal.printError($0) }
        do {
            if rollback {
                let (from, to) = try publisher.rollback(waiting: waiting)
                if !quiet { Terminal.write("rolled back \(shownDestination)/current from version \(from) to \(to)\n") }
                return
            }
            let output = resolve(self.output)
            try checkFolders(output: output, destination: publisher.destination)
            guard BuiltSite(output: output) != nil else {
                throw PublishError("\(self.output) holds no built site", hint: "build it first: backlab build --output \(self.output)")
            }
            // A build writing the site now would be published half done: wait for it.
            let locks = try BuildLocks.clean(output: output, shown: self.output, cache: nil, wait: !noWait, waiting: waiting)
            defer { locks.release() }
            guard let site = BuiltSite(output: output) else {
                throw PublishError("\(self.output) holds no built site", hint: "build it first: backlab build --output \(self.output)")
            }
            if !site.failures.isEmpty && !allowFailures {
                let list = site.failures.map { "\($0.id) (\($0.failed) failed run\($0.failed == 1 ? "" : "s"))" }.joined(separator: ", ")
                throw PublishError(
                    "\(self.output) has studies with failed runs: \(list)",
                    hint: "fix them and build again, or publish anyway with --allow-failures")
            }
            let outcome = try publisher.publish(files: site.files, from: output, keep: keep, waiting: waiting)
            if !quiet { Terminal.write(summary(outcome)) }
        } catch let error as PublishError {
            Terminal.printError(error.description)
            throw ExitCode(1)
        } catch let error as FileWriteError {
            Terminal.printError("error: \(error.description)\n  hint: \(error.remedy)")
            throw ExitCode(1)
        } catch {
            throw failWithDiagnostics(error)
        }
    }

    /// DEST inside the site (the site would hold its own versions), or the site inside what DEST
    /// publishes (its versions, or `current`); a site beside DEST's folders, or DEST = ".", is fine.
    func checkFolders(output: URL, destination: URL) throws {
        let site = output.resolvingSymlinksInPath().path + "/"
        let dest = destination.resolvingSymlinksInPath().path + "/"
        let published = ["versions/", "current/"].map { dest + $0 }
        if dest.hasPrefix(site) || published.contains(where: { site.hasPrefix($0) }) {
            throw PublishError(
                "\(shownDestination) and \(self.output) overlap: the site cannot be published into itself",
                hint: "publish into a folder outside \(self.output), e.g. /srv/www/research")
        }
    }

    func summary(_ outcome: SitePublisher.Outcome) -> String {
        guard outcome.published else {
            return "unchanged: \(shownDestination)/current is already this site (version \(outcome.id)); nothing written\n"
        }
        let megabytes = String(format: "%.1f", Double(outcome.copiedBytes) / 1_048_576)
        var text =
            "published \(output) as \(shownDestination)/versions/\(outcome.id): \(outcome.files) files, \(outcome.linked) hard-linked "
            + "from \(outcome.previous ?? "no earlier version"), \(outcome.copied) copied (\(megabytes) MB)\n"
            + "\(shownDestination)/current -> versions/\(outcome.id)\n"
        if !outcome.pruned.isEmpty { text += "removed old versions: \(outcome.pruned.joined(separator: ", "))\n" }
        return text
    }
}
