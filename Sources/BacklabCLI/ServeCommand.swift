import ArgumentParser
import Engine
import Foundation
import Preview
import Report
import Runner
import Workflows

/// `backlab serve`: build, serve the site on 127.0.0.1, and on every change to the studies, their
/// data files or the templates build again (make-like) and reload the pages a browser has open.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build, serve the site on 127.0.0.1, and rebuild and reload open pages on every change.",
        discussion: """
            Watches the studies folder, every data file the studies read and --templates. A broken edit \
            shows its located error on the open pages and here, and the last good pages stay. Ctrl-C stops \
            (exit 0; 130 when it stopped a build).
            """)

    @OptionGroup var selection: StudyOptions

    @OptionGroup var site: SiteOptions

    @Option(help: "TCP port on 127.0.0.1 (0: any free port).")
    var port = 8000

    @Option(help: ArgumentHelp("Seconds between checks for changes.", valueName: "seconds"))
    var pollInterval = 0.1

    func validate() throws {
        guard pollInterval >= 0.01, pollInterval <= 10 else { throw ValidationError("--poll-interval must be from 0.01 to 10 seconds") }
    }

    func run() throws {
        Interruption.shared.install(message: "stopping backlab serve (Ctrl-C again to stop now)")
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let options = selection.buildOptions(output: site.output)
        let state = PreviewState()
        let server = PreviewServer(responder: SiteResponder(root: options.output, state: state), port: port)
        let bound: Int
        do {
            bound = try server.start()
        } catch {
            Terminal.printError("\(error)")
            throw ExitCode(1)
        }
        Terminal.write("serving \(site.output)/ at http://\(PreviewServer.host):\(bound)/ (Ctrl-C to stop)\n")
        let templates = site.templates.map { URL(fileURLWithPath: $0, relativeTo: directory).standardizedFileURL }
        var watcher = SourceWatcher(folders: [options.studies] + (templates.map { [$0] } ?? []))
        var known = watcher.snapshot()
        let build = SiteBuild(selection: selection, site: site, charts: ChartMemo())
        var stoppedBuild = false
        // Paths watched since the last build, whose "change" is only that they are new.
        var firstSeen = Set<String>()

        /// One build, its news to the pages, and the data files it read added to what is watched.
        func rebuild() {
            state.beginBuild()
            var errors: [String]
            var changed = false
            do {
                let outcome = try build.run()
                let report = outcome.report
                errors = report.diagnostics.map(\.description) + report.errors.map(\.description)
                changed = !report.written.isEmpty
                stoppedBuild = report.interrupted
                if outcome.dataFiles != watcher.files {
                    // The data files read for the first time have no stamp from before the build:
                    // left out of `known`, the next poll builds once more (make-like, so nothing
                    // is redone unless one changed while this build read it). Files no study
                    // reads any more are forgotten; the others keep their stamps from before the
                    // build, so an edit made while it ran is still seen.
                    let wanted = Set(outcome.dataFiles)
                    let folders = Set(outcome.dataFiles.map(SourceWatcher.folderKey(of:)))
                    for path in Set(watcher.files).subtracting(wanted) { known[path] = nil }
                    for path in known.keys where path.hasSuffix("/") && !folders.contains(path) { known[path] = nil }
                    firstSeen = wanted.union(folders).subtracting(known.keys)
                    watcher.files = outcome.dataFiles
                }
            } catch {
                errors = [DiagnosticList(from: error).description]
                Terminal.printError(errors[0])
            }
            state.finishBuild(changed: changed, errors: errors)
            if !errors.isEmpty { Terminal.printError("serve: the last good pages stay; the open pages show the errors") }
        }

        rebuild()
        while !Interruption.shared.isRequested {
            Self.sleep(pollInterval)
            var now = watcher.snapshot()
            guard now != known else { continue }
            // Wait until the files stop changing (an editor that writes in steps, a checkout).
            for _ in 0..<20 {
                Self.sleep(0.05)
                let next = watcher.snapshot()
                if next == now { break }
                now = next
            }
            let paths = SourceWatcher.changes(from: known, to: now)
            known = now
            guard !Interruption.shared.isRequested else { break }
            let edited = paths.filter { !firstSeen.contains($0) }
            firstSeen = []
            if !edited.isEmpty {
                let shown = edited.prefix(3).map { Self.relative($0, to: directory.path) }.joined(separator: ", ")
                Terminal.printError("changed: \(shown)\(edited.count > 3 ? " and \(edited.count - 3) more" : "")")
            }
            rebuild()
        }
        server.stop()
        Terminal.printError("stopped serving")
        if stoppedBuild { throw ExitCode(130) }
    }

    static func sleep(_ seconds: Double) {
        usleep(UInt32(max(0, min(seconds, 10)) * 1_000_000))
    }

    static func relative(_ path: String, to directory: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }
}
