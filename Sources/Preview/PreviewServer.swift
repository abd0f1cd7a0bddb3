import Dispatch
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The HTTP server of `backlab serve`: the output folder on 127.0.0.1 only, with server-sent
/// events for live reload. Hummingbird runs it on SwiftNIO's event loops; `start` returns once
/// the socket listens (or throws why it cannot), `stop` ends every page's event stream first so
/// the graceful shutdown has no request left to wait for.
public final class PreviewServer: Sendable {
    /// Why the server could not start, with what to do.
    public struct StartError: Error, CustomStringConvertible, Sendable {
        /// What went wrong.
        public let message: String
        /// What to do.
        public let hint: String
        /// As the terminal shows it.
        public var description: String { "error: \(message)\n  hint: \(hint)" }
    }

    /// The only address served: nothing outside this machine can reach the preview.
    public static let host = "127.0.0.1"

    private let responder: SiteResponder
    private let port: Int
    private let group = Mutex<ServiceGroup?>(nil)
    private let stopped = DispatchSemaphore(value: 0)
    private let heartbeatSeconds: Double
    private let heartbeat = Mutex<Task<Void, Never>?>(nil)

    /// A server of `responder`'s folder on `port` (0: one the system picks).
    public init(responder: SiteResponder, port: Int, heartbeatSeconds: Double = 15) {
        self.responder = responder
        self.port = port
        self.heartbeatSeconds = heartbeatSeconds
    }

    /// Starts listening; returns the port. A port another program listens on is a `StartError`.
    public func start() throws -> Int {
        try Self.probe(port: port)
        let ready = DispatchSemaphore(value: 0)
        let bound = Mutex<Int?>(nil)
        let failure = Mutex<String?>(nil)
        let quiet = Logger(label: "backlab-serve") { _ in SwiftLogNoOpLogHandler() }
        let app = Application(
            responder: PreviewResponder(site: responder, port: { bound.withLock { $0 } ?? 0 }),
            configuration: ApplicationConfiguration(address: .hostname(Self.host, port: port), serverName: "backlab"),
            onServerRunning: { channel in
                bound.withLock { $0 = channel.localAddress?.port }
                ready.signal()
            },
            logger: quiet)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: quiet))
        self.group.withLock { $0 = group }
        let stopped = self.stopped
        Task.detached {
            do {
                try await group.run()
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
            ready.signal()
            stopped.signal()
        }
        ready.wait()
        guard let port = bound.withLock({ $0 }) else {
            throw StartError(
                message: "cannot serve on \(Self.host):\(self.port): \(failure.withLock { $0 } ?? "the server stopped")",
                hint: "choose another port with --port N")
        }
        startHeartbeat()
        return port
    }

    /// Ends every event stream, then stops the server and waits (at most `timeout` seconds) for it.
    public func stop(timeout: Double = 5) {
        heartbeat.withLock { $0?.cancel() }
        responder.state.close()
        guard let group = group.withLock({ $0 }) else { return }
        Task.detached { await group.triggerGracefulShutdown() }
        _ = stopped.wait(timeout: .now() + timeout)
    }

    private func startHeartbeat() {
        let state = responder.state
        let nanoseconds = UInt64(heartbeatSeconds * 1e9)
        let task = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: nanoseconds)
                state.heartbeat()
            }
        }
        heartbeat.withLock { $0 = task }
    }

    /// Binds the port once with plain POSIX calls, so a taken port is told in plain words before
    /// anything is built (SwiftNIO's own error names the system call, not the cause).
    static func probe(port: Int) throws {
        guard (0...65535).contains(port) else {
            throw StartError(message: "--port \(port) is not a TCP port", hint: "choose a port from 1 to 65535 (0: any free one)")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result != 0 else { return }
        switch errno {
        case EADDRINUSE:
            throw StartError(
                message: "port \(port) on \(host) is taken: another program (another backlab serve?) listens on it",
                hint: "stop that program, or serve on another port with --port N")
        case EACCES:
            throw StartError(
                message: "port \(port) needs privileges this user does not have", hint: "choose a port above 1023 with --port N")
        default:
            throw StartError(
                message: "cannot listen on \(host):\(port): \(String(cString: strerror(errno)))", hint: "choose another port with --port N")
        }
    }
}
