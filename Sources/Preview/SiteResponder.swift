import Foundation

/// Maps a request path to what `serve` answers from the output folder, without HTTP: the file
/// (HTML with the live-reload additions), a redirect of a folder to its slash form, or nothing.
///
/// Only regular files under the folder are served: no `..`, no names starting with a dot (the
/// build's own state), no symbolic links.
public struct SiteResponder: Sendable {
    /// An answer.
    public enum Reply: Equatable, Sendable {
        /// A file's bytes and their media type.
        case file(Data, contentType: String)
        /// A folder asked for without its final `/`: its relative links need it.
        case redirect(String)
        /// Nothing there; the page says so and reloads once a build makes it.
        case notFound(Data)
    }

    /// The output folder, its own links resolved (`--output` may name a link).
    public let root: URL
    /// The builds' state, for the additions to HTML.
    public let state: PreviewState

    /// A responder for the files under `root`, with `state`'s additions to HTML.
    public init(root: URL, state: PreviewState) {
        self.root = root.resolvingSymlinksInPath()
        self.state = state
    }

    /// The answer for the (percent-encoded) path of a request, without its query.
    public func reply(path encoded: String) -> Reply {
        // The status first: a build that ends while the file is read then makes the page reload.
        let status = state.status
        // A name with a bare `%` (a study called "100%") arrives as it is: taken literally.
        let path = encoded.removingPercentEncoding ?? encoded
        guard !path.contains("\0") else { return notFound(encoded, status) }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0.hasPrefix(".") }) else { return notFound(encoded, status) }
        // Every part of the path is looked at, so a linked folder is not entered either.
        var url = root
        var info = stat()
        for segment in segments {
            url.appendPathComponent(String(segment))
            guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { return notFound(encoded, status) }
        }
        if segments.isEmpty { guard lstat(url.path, &info) == 0 else { return notFound(encoded, status) } }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            // To the folder's own path: "//host" would send the browser to another server.
            guard encoded.hasSuffix("/") else { return .redirect("/" + encoded.split(separator: "/").joined(separator: "/") + "/") }
            url.appendPathComponent("index.html")
            guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return notFound(encoded, status) }
        case S_IFREG where !encoded.hasSuffix("/"): break
        default: return notFound(encoded, status)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { return notFound(encoded, status) }
        let type = Self.contentType(of: url.pathExtension)
        return .file(type.hasPrefix("text/html") ? LiveReload.inject(into: data, status: status) : data, contentType: type)
    }

    private func notFound(_ path: String, _ status: PreviewState.Status) -> Reply {
        let page = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Not found</title></head>
            <body><p>Nothing at \(LiveReload.escape(path)) (yet): this page reloads when a build makes it.
            <a href="/">The studies</a>.</p></body></html>

            """
        return .notFound(LiveReload.inject(into: Data(page.utf8), status: status))
    }

    /// The media type of a file by its extension.
    public static func contentType(of pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "csv": "text/csv; charset=utf-8"
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "txt", "md": "text/plain; charset=utf-8"
        case "ico": "image/x-icon"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "woff": "font/woff"
        case "woff2": "font/woff2"
        case "ttf": "font/ttf"
        case "pdf": "application/pdf"
        default: "application/octet-stream"
        }
    }
}
