import Foundation
import Testing

@testable import Preview

/// The server over real sockets, with a client of plain POSIX calls.
///
/// Every blocking call runs on a thread of its own: the server answers on Swift's cooperative
/// threads, which the tests beside this one (and this one, were it to block on them) can occupy.
@Suite struct PreviewServerTests {
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// A connected socket to 127.0.0.1:`port` with a receive timeout; nil when refused. The
    /// timeout is long: in a full test run, the tests beside this one can hold every cooperative
    /// thread for a minute (they wait for the processes they run), and the server waits for one.
    static func connect(port: Int, host: String = "127.0.0.1") -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 180, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Sends a GET and reads until `until` appears in the answer or the connection ends.
    static func get(_ path: String, port: Int, until marker: String? = nil, on open: Int32? = nil) -> (String, Int32)? {
        guard let descriptor = open ?? connect(port: port) else { return nil }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(descriptor, $0, strlen($0), 0) }
        return (read(descriptor, until: marker), descriptor)
    }

    static func read(_ descriptor: Int32, until marker: String?) -> String {
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer.append(contentsOf: buffer[0..<count])
            if let marker, String(decoding: answer, as: UTF8.self).contains(marker) { break }
        }
        return String(decoding: answer, as: UTF8.self)
    }

    @Test func itServesPagesWithTheReloadScriptTheStatusAndEventsAndStopsEveryStream() async throws {
        let root = try SiteResponderTests.site()
        let state = PreviewState()
        let server = PreviewServer(responder: SiteResponder(root: root, state: state), port: 0)
        let port = try await Self.blocking { try server.start() }
        #expect(port > 0)
        func get(_ path: String) async throws -> String {
            try await Self.blocking {
                guard let (answer, descriptor) = Self.get(path, port: port) else { return "" }
                close(descriptor)
                return answer
            }
        }

        let page = try await get("/a%20b/")
        #expect(page.hasPrefix("HTTP/1.1 200"))
        #expect(page.lowercased().contains("cache-control: no-store"))
        #expect(page.contains("<p>study</p>") && page.contains("backlab-live-reload"))
        let redirect = try await get("/a%20b")
        #expect(redirect.hasPrefix("HTTP/1.1 301") && redirect.lowercased().contains("location: /a%20b/"))
        let hidden = try await get("/a%20b/.backlab-inputs")
        #expect(hidden.hasPrefix("HTTP/1.1 404") && !hidden.contains("digest"))

        // An open page's stream: the status at once, then each build's news.
        let (first, events) = try await Self.blocking { try #require(Self.get(LiveReload.eventsPath, port: port, until: "\n\n")) }
        #expect(first.lowercased().contains("content-type: text/event-stream"))
        #expect(first.contains("event: status") && first.contains("\"generation\":0"))
        state.finishBuild(changed: true, errors: [])
        let next = try await Self.blocking { Self.read(events, until: "\"generation\":1") }
        #expect(next.contains("\"lastChange\":1"))
        let status = try await get(LiveReload.statusPath)
        #expect(status.contains("\"generation\":1") && status.contains(state.status.instance))

        // Stopping ends the open stream (the client reads to its end) and frees the port.
        let started = Date()
        let ended = try await Self.blocking {
            server.stop()
            _ = Self.read(events, until: nil)
            // The end of the stream, not a timeout: the server closed it.
            var byte: UInt8 = 0
            defer { close(events) }
            return recv(events, &byte, 1, Int32(MSG_DONTWAIT)) == 0
        }
        #expect(ended)
        #expect(Date().timeIntervalSince(started) < 180)
        #expect(Self.connect(port: port) == nil)
    }

    @Test func aTakenPortIsAClearErrorAndABadOneToo() throws {
        // Something else listens on a port (here: a plain socket on all addresses).
        let other = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(other) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = INADDR_ANY
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(other, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(bound == 0 && listen(other, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(other, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))

        let server = PreviewServer(responder: SiteResponder(root: try SiteResponderTests.site(), state: PreviewState()), port: port)
        let error = try #require(throws: PreviewServer.StartError.self) { try server.start() }
        #expect(error.message.contains("port \(port) on 127.0.0.1 is taken") && error.hint.contains("--port"))
        #expect(throws: PreviewServer.StartError.self) { try PreviewServer.probe(port: 70000) }
    }
}
