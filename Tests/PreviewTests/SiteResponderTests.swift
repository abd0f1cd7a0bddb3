import Foundation
import Testing

@testable import Preview

@Suite struct SiteResponderTests {
    /// An output folder with a page, a chart, build state and a link out of it.
    static func site() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-serve-\(UUID().uuidString)")
        let files = [
            "index.html": "<html><body class=\"x\"><p>studies</p></body></html>",
            "a b/index.html": "<html><body><p>study</p></body></html>",
            "a b/charts/equity.png": "\u{89}PNG",
            "a b/.backlab-inputs": "digest",
            "assets/table.js": "sort()",
            "100%/index.html": "<body>percent</body>",
            "v1.2/index.html": "<body>a study named like a host</body>",
        ]
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape").path, withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("etc").path, withDestinationPath: "/etc")
        return root
    }

    static func text(_ reply: SiteResponder.Reply) -> String? {
        switch reply {
        case .file(let data, _), .notFound(let data): String(decoding: data, as: UTF8.self)
        case .redirect: nil
        }
    }

    @Test func pagesGetTheBannerAndTheScriptAndNothingElseChanges() throws {
        let root = try Self.site()
        let responder = SiteResponder(root: root, state: PreviewState())
        let reply = responder.reply(path: "/a%20b/")
        guard case .file(let data, let type) = reply else {
            Issue.record("not a file: \(reply)")
            return
        }
        #expect(type == "text/html; charset=utf-8")
        let page = String(decoding: data, as: UTF8.self)
        #expect(page.contains("<script id=\"backlab-live-reload\">") && page.contains("id=\"backlab-serve-status\""))
        // Take the two additions out, and the page is the file's bytes.
        let withoutScript = page.replacingOccurrences(
            of: #"<script id="backlab-live-reload">[\s\S]*</script>\n"#, with: "", options: .regularExpression)
        let plain = withoutScript.replacingOccurrences(
            of: #"<div id="backlab-serve-status"[^>]*></div>"#, with: "", options: .regularExpression)
        #expect(plain == "<html><body><p>study</p></body></html>")
        // The file on disk never holds them.
        let onDisk = try String(contentsOf: root.appendingPathComponent("a b/index.html"), encoding: .utf8)
        #expect(!onDisk.contains("backlab-live-reload"))
        // Other files are served as they are.
        #expect(responder.reply(path: "/a%20b/charts/equity.png") == .file(Data("\u{89}PNG".utf8), contentType: "image/png"))
        #expect(responder.reply(path: "/assets/table.js") == .file(Data("sort()".utf8), contentType: "text/javascript; charset=utf-8"))
    }

    @Test func oddNamesAndAnOutputFolderThatIsALink() throws {
        let root = try Self.site()
        let link = root.deletingLastPathComponent().appendingPathComponent("link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: root)
        let responder = SiteResponder(root: link, state: PreviewState())
        #expect(Self.text(responder.reply(path: "/"))?.contains("<p>studies</p>") == true)
        // A bare "%" as the browser sends it, and its encoded form.
        #expect(Self.text(responder.reply(path: "/100%/"))?.contains("percent") == true)
        #expect(Self.text(responder.reply(path: "/100%25/"))?.contains("percent") == true)
        // "//v1.2" is a folder here; its redirect must not name another host.
        #expect(responder.reply(path: "//v1.2") == .redirect("/v1.2/"))
        #expect(responder.reply(path: "/a%20b//charts") == .redirect("/a%20b/charts/"))
    }

    @Test func onlyRequestsAddressedToThisMachineAreAnswered() {
        for host in ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "127.0.0.1", nil] {
            #expect(PreviewResponder.isLocal(host: host, port: 8000), "\(host ?? "none")")
        }
        for host in ["evil.example:8000", "127.0.0.1:9000", "127.0.0.1.evil.example", "192.0.2.2:8000"] {
            #expect(!PreviewResponder.isLocal(host: host, port: 8000), "\(host)")
        }
    }

    @Test func aFolderWithoutItsSlashIsRedirectedAndTheRootIsTheIndex() throws {
        let responder = SiteResponder(root: try Self.site(), state: PreviewState())
        #expect(responder.reply(path: "/a%20b") == .redirect("/a%20b/"))
        #expect(Self.text(responder.reply(path: "/"))?.contains("<p>studies</p>") == true)
        #expect(Self.text(responder.reply(path: "/index.html"))?.contains("<body class=\"x\"><div id=\"backlab-serve-status\"") == true)
    }

    @Test(arguments: [
        "/../etc/passwd", "/a%20b/../../x", "/%2e%2e/x", "/a%20b/.backlab-inputs", "/escape", "/etc/hostname", "/etc/", "/missing.html",
        "/a%00b", "/%zz",
        "/assets/table.js/",
    ])
    func nothingOutsideTheSiteOrOfTheBuildsOwnStateIsServed(path: String) throws {
        let responder = SiteResponder(root: try Self.site(), state: PreviewState())
        let reply = responder.reply(path: path)
        guard case .notFound(let page) = reply else {
            Issue.record("\(path) gave \(reply)")
            return
        }
        // The page for a missing file reloads once a build makes it.
        #expect(String(decoding: page, as: UTF8.self).contains("backlab-live-reload"))
    }

    @Test func theBannerShowsTheErrorsEscapedAndTheStatusCannotCloseTheScript() throws {
        let state = PreviewState()
        state.finishBuild(changed: true, errors: ["studies/x/run.yaml:3:1: error: unknown key '</script><b>'"])
        let page = String(
            decoding: LiveReload.inject(into: Data("<body><p>old</p></body>".utf8), status: state.status), as: UTF8.self)
        #expect(page.contains("run.yaml:3:1: error: unknown key &#39;&lt;/script&gt;&lt;b&gt;&#39;"))
        #expect(!page.contains("hidden>"))
        #expect(page.contains("<p>old</p>"))
        // One script element: the error's "</script>" inside the JSON is escaped.
        #expect(page.components(separatedBy: "</script>").count == 2)
        #expect(page.contains(#"\u003c\/script>\u003cb>"#))
        let json = try #require(page.split(separator: "\n").first { $0.contains("var served = ") })
        #expect(!json.contains("<"))
        // No errors: the banner is there, hidden, and empty.
        let fine = String(decoding: LiveReload.inject(into: Data("no body".utf8), status: PreviewState().status), as: UTF8.self)
        #expect(fine.hasPrefix("<div id=\"backlab-serve-status\"") && fine.contains(" hidden></div>no body<script"))
    }
}
