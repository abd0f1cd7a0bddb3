import Dispatch
import Foundation
import Hummingbird
import NIOCore

/// Hummingbird's side of `serve`: the events, the status, and the files, to requests addressed
/// to this server only.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let site: SiteResponder
    /// The port listened on (known once the server runs), for the `Host` check.
    let port: @Sendable () -> Int

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        // A page of another site that a DNS name points at 127.0.0.1 (DNS rebinding) sends its
        // own host name: only requests addressed to this machine by address or `localhost` are
        // answered.
        guard Self.isLocal(host: request.head.authority, port: port()) else {
            return Self.bytes(Data("not this server\n".utf8), type: "text/plain; charset=utf-8", status: .forbidden)
        }
        let path = request.uri.path
        switch path {
        case LiveReload.eventsPath: return events()
        case LiveReload.statusPath:
            return Self.bytes(Data(PreviewState.json(site.state.status).utf8), type: "application/json", status: .ok)
        default: break
        }
        // Files are read on a thread of their own: a large one must not hold a cooperative thread
        // (the event streams and every other request answer on them).
        let site = self.site
        let reply = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: site.reply(path: path)) }
        }
        switch reply {
        case .file(let data, let type): return Self.bytes(data, type: type, status: .ok)
        case .redirect(let location): return Response(status: .movedPermanently, headers: [.location: location, .cacheControl: "no-store"])
        case .notFound(let page): return Self.bytes(page, type: "text/html; charset=utf-8", status: .notFound)
        }
    }

    /// Whether a `Host` is this server: 127.0.0.1 or localhost, with this port or none.
    static func isLocal(host: String?, port: Int) -> Bool {
        guard let host else { return true }  // HTTP/1.0 without a Host header
        let name = host.lowercased()
        return ["127.0.0.1", "localhost"].contains { name == $0 || name == "\($0):\(port)" }
    }

    /// Every response is `no-store`: a reload after a build must fetch the new charts.
    static func bytes(_ data: Data, type: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: type, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func events() -> Response {
        let state = site.state
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                let (id, events) = state.subscribe()
                defer { state.unsubscribe(id) }
                for await event in events { try await writer.write(ByteBuffer(string: event)) }
                try await writer.finish(nil)
            })
    }
}
