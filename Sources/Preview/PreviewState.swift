import Foundation
import Synchronization

/// What `serve` knows about its builds, shared by the watcher (which changes it) and every open
/// page (which hears of each change over server-sent events).
///
/// A page is served with the generation of the last finished build; it reloads when a later
/// build changed any file of the site (`lastChange` passed its generation) or the server is
/// another one (`instance`), and otherwise only shows the build's errors or that one is running.
public final class PreviewState: Sendable {
    /// The state a page sees.
    public struct Status: Sendable, Equatable, Codable {
        /// This server's random id: a page from an earlier server reloads.
        public var instance: String
        /// Builds finished so far.
        public var generation = 0
        /// The generation of the last build that changed a file of the site.
        public var lastChange = 0
        /// Whether a build is running now.
        public var building = false
        /// The last build's located errors (empty: it was fine), as the terminal shows them.
        public var errors: [String] = []
    }

    private struct State {
        var status: Status
        var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
        var nextSubscriber = 0
        var closed = false
    }

    private let state: Mutex<State>

    /// A state before any build, with a random instance id.
    public init() {
        let instance = (0..<4).map { _ in String(format: "%04x", UInt16.random(in: 0...UInt16.max)) }.joined()
        state = Mutex(State(status: Status(instance: instance)))
    }

    /// The status now.
    public var status: Status { state.withLock { $0.status } }

    /// Pages open now (each holds one event stream).
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// A build started.
    public func beginBuild() {
        update { $0.building = true }
    }

    /// A build finished; `changed` says whether it wrote or removed any file of the site.
    public func finishBuild(changed: Bool, errors: [String]) {
        update { status in
            status.building = false
            status.generation += 1
            if changed { status.lastChange = status.generation }
            status.errors = errors
        }
    }

    private func update(_ change: (inout Status) -> Void) {
        let (event, subscribers) = state.withLock { state -> (String, [AsyncStream<String>.Continuation]) in
            change(&state.status)
            return (Self.event(state.status), Array(state.subscribers.values))
        }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// A stream of server-sent events for one page: the status now, then every change, and a
    /// comment every `heartbeat` seconds (so a closed page is noticed and its stream ended).
    public func subscribe() -> (id: Int, events: AsyncStream<String>) {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            continuation.yield(Self.event(state.status))
            return state.nextSubscriber
        }
        guard let id else {
            continuation.finish()
            return (0, stream)
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    func unsubscribe(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    /// Sends a comment line to every page: keeps connections alive through proxies, and a write
    /// to a page that was closed fails, which ends its stream.
    public func heartbeat() {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(": heartbeat\n\n") }
    }

    /// Ends every page's stream and refuses new ones: the server is stopping.
    public func close() {
        let subscribers = state.withLock { state -> [AsyncStream<String>.Continuation] in
            state.closed = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// The status as one server-sent event.
    static func event(_ status: Status) -> String {
        "event: status\ndata: \(json(status))\n\n"
    }

    /// The status as JSON that is safe inside a `<script>`: every `<` is written `\u003c` (JSON
    /// has `<` only inside strings), so no `</script>` or `<!--` can end or confuse the script.
    static func json(_ status: Status) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(status)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
