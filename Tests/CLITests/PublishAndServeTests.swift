import Foundation
import Report
import Testing
import Workflows

/// `backlab publish` and `backlab serve` as a user runs them.
@Suite struct PublishAndServeTests {
    @Test func publishCopiesTheBuiltSiteWithoutTheBuildsStateAndWritesNothingTheSecondTime() throws {
        let project = try BuildFixture.standard()
        _ = try project.build()
        let first = try BacklabBinary.run(["publish", "web"], in: project.root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("web/current -> versions/000001-"), "\(first.stdout)")
        let site = try #require(BuiltSite(output: project.root.appendingPathComponent("output")))
        #expect(site.failures.isEmpty && site.files.contains("grid/index.html") && site.files.contains("index.html"))
        // Every file readers see, and none of the build's own (markers, summaries, manifest, lock).
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: project.root.appendingPathComponent("web/current").path)
        let published = project.snapshot("web/\(link)").keys.map { String($0.drop { $0 == "/" }) }.sorted()
        #expect(published == site.files.sorted(), "\(published)")
        #expect(!published.contains { $0.split(separator: "/").contains { $0.hasPrefix(".") } })
        for path in site.files {
            let bytes = { try Data(contentsOf: project.root.appendingPathComponent($0)) }
            #expect(try bytes("web/current/\(path)") == bytes("output/\(path)"), "\(path)")
        }
        let second = try BacklabBinary.run(["publish", "web"], in: project.root)
        #expect(second.status == 0 && second.stdout.hasPrefix("unchanged: web/current is already this site"), "\(second.stdout)")
        // Into the site itself, or with nothing built: exit 1 with what to do.
        let inside = try BacklabBinary.run(["publish", "output/web"], in: project.root)
        #expect(inside.status == 1 && inside.stderr.contains("overlap"), "\(inside.stderr)")
        let unbuilt = try BacklabBinary.run(["publish", "web", "--output", "elsewhere"], in: project.root)
        #expect(unbuilt.status == 1 && unbuilt.stderr.contains("elsewhere holds no built site"), "\(unbuilt.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("elsewhere").path))
        // DEST may hold the site beside its versions (publish . in the project).
        let here = try BacklabBinary.run(["publish", "."], in: project.root)
        #expect(here.status == 0 && here.stdout.contains("./current -> versions/000001-"), "\(here.stderr)")
        let rolled = try BacklabBinary.run(["publish", "web", "--rollback"], in: project.root)
        #expect(rolled.status == 1 && rolled.stderr.contains("none before it"), "\(rolled.stderr)")
    }

    @Test func aSiteWithFailedRunsIsPublishedOnlyWithAllowFailures() throws {
        let project = try BuildFixture.standard()
        let hash = try project.gridRunHash()
        #expect(try project.buildInProcess(failing: { $0 == hash }).exitCode == 2)

        let refused = try BacklabBinary.run(["publish", "web"], in: project.root)
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("output has studies with failed runs: grid (1 failed run)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-failures"))
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("web/current").path))
        let allowed = try BacklabBinary.run(["publish", "web", "--allow-failures"], in: project.root)
        #expect(allowed.status == 0 && allowed.stdout.contains("web/current -> versions/"), "\(allowed.stderr)")
    }

    @Test func serveOnATakenPortStopsAtOnceAndBuildsNothing() throws {
        let project = try BuildFixture.standard()
        let other = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(other) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(other, $0, length) == 0 && listen(other, 1) == 0 && getsockname(other, $0, &length) == 0
            }
        }
        #expect(listening)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let output = BacklabBinary.finish(try BacklabBinary.start(["serve", "--port", String(port)], in: project.root), killAfter: 30)
        #expect(output.status == 1)
        #expect(output.stderr.contains("error: port \(port) on 127.0.0.1 is taken"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("output").path))
    }

    @Test func serveBuildsServesRebuildsOnAnEditAndStopsOnCtrlC() throws {
        let project = try BuildFixture.standard()
        // A study whose data file is outside the studies folder: watched on its own.
        let bars = try project.read("studies/data/bars.csv")
        try project.write("market.csv", bars)
        try FileManager.default.createDirectory(
            at: project.root.appendingPathComponent("studies/outside"), withIntermediateDirectories: true)
        try project.write(
            "studies/outside/run.yaml", BuildFixture.csvRun.replacingOccurrences(of: "../data/bars.csv", with: "../../market.csv"))
        let started = try BacklabBinary.start(["serve", "--port", "0", "--jobs", "2"], in: project.root)
        let (process, out, _) = started
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // The first line names the address; the build follows.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        let port = try #require(text.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(text)")
        #expect(text.hasPrefix("serving output/ at http://127.0.0.1:\(port)/"))
        struct Status: Decodable {
            let generation: Int
            let lastChange: Int
            let building: Bool
            let errors: [String]
        }
        func status() -> Status? {
            guard let answer = PreviewClient.get("/__backlab/status", port: port),
                let body = answer.range(of: "\r\n\r\n").map({ answer[$0.upperBound...] })
            else { return nil }
            return try? JSONDecoder().decode(Status.self, from: Data(body.utf8))
        }
        /// The first idle status of a build after `generation` that `done` accepts.
        func wait(after generation: Int, until done: (Status) -> Bool) -> Status? {
            for _ in 0..<600 {
                if let now = status(), now.generation > generation, !now.building, done(now) { return now }
                usleep(50_000)
            }
            return nil
        }
        // The first build (and, for the data files it read first, a check that they did not change
        // while it ran).
        let first = try #require(wait(after: 0) { $0.errors.isEmpty && $0.lastChange >= 1 })
        #expect(PreviewClient.get("/grid/", port: port)?.contains("backlab-live-reload") == true)
        // A broken edit: the error reaches the status, and the last good page stays.
        let good = try project.read("output/grid/index.html")
        try project.write("studies/grid/optimization.yaml", BuildFixture.gridPlan.replacingOccurrences(of: "fast", with: "fsat"))
        let broken = try #require(wait(after: first.generation) { !$0.errors.isEmpty })
        #expect(broken.errors.contains { $0.hasPrefix("studies/grid/optimization.yaml:") }, "\(broken.errors)")
        #expect(try project.read("output/grid/index.html") == good)
        #expect(PreviewClient.get("/grid/", port: port)?.contains("backlab serve: the last build failed") == true)
        // Fixed: the page is built again and the errors are gone.
        try project.write("studies/grid/optimization.yaml", BuildFixture.gridPlan)
        let fixed = try #require(wait(after: broken.generation) { $0.errors.isEmpty })
        #expect(!(try project.read("output/grid/index.html")).contains("backlab-live-reload"))
        // An edit of that data file (the first 200 bars of it) builds its study again.
        let page = try project.read("output/outside/index.html")
        try project.write("market.csv", bars.split(separator: "\n").prefix(201).joined(separator: "\n") + "\n")
        let edited = try #require(wait(after: fixed.generation) { $0.lastChange > fixed.generation })
        #expect(edited.errors.isEmpty)
        #expect(try project.read("output/outside/index.html") != page)
        // The data file gone: an error naming it; back again (not an edit of a file watched, but a
        // new entry in its folder): the study recovers.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("market.csv"))
        let gone = try #require(wait(after: edited.generation) { !$0.errors.isEmpty })
        #expect(gone.errors.contains { $0.contains("market.csv") && $0.contains("data file not found") }, "\(gone.errors)")
        try project.write("market.csv", bars)
        let back = try #require(wait(after: gone.generation) { $0.errors.isEmpty })
        // Nothing changed: no build (a watcher that lost a stamp would build on every poll).
        usleep(1_000_000)
        #expect(status()?.generation == back.generation || status()?.generation == back.generation + 1)
        let settled = try #require(status())
        usleep(1_000_000)
        #expect(status()?.generation == settled.generation, "builds without a change")
        kill(process.processIdentifier, SIGINT)
        let output = BacklabBinary.finish(started, killAfter: 20)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("stopped serving"))
        #expect(PreviewClient.get("/", port: port) == nil)
    }
}

/// A GET over a plain socket with `Connection: close`; nil when nothing listens.
enum PreviewClient {
    static func get(_ path: String, port: Int) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return nil }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(descriptor, $0, strlen($0), 0) }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
