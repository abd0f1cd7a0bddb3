import Engine
import Foundation
import Mustache
import Storage

/// The Mustache templates and static assets of the site, loaded from a folder (`templates/` by
/// default, `--templates DIR` to use your own).
public struct TemplateSet: Sendable {
    /// The templates by name (file name without `.mustache`), partials included.
    let library: MustacheLibrary
    /// Static files copied to `assets/`: name and bytes.
    let assets: [(name: String, data: Data)]
    /// SHA-256 over every template and asset, so a changed template re-renders the pages.
    public let digest: String

    /// The pages a site needs.
    static let required = ["index", "optimization", "variants", "single", "run"]

    /// Loads every `*.mustache` file and the assets (`*.css`, `*.js`) of `directory`.
    public init(directory: URL) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(file: directory.path, message: "templates folder not found",
                             hint: "run backlab from the folder that holds templates/, or pass --templates DIR")
        }
        let names = try fm.contentsOfDirectory(atPath: directory.path).sorted()
        var library = MustacheLibrary()
        var assets: [(String, Data)] = []
        var digestInput: [UInt8] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let data = fm.contents(atPath: url.path) else { continue }
            if name.hasSuffix(".mustache") {
                let text = String(decoding: data, as: UTF8.self)
                do {
                    try library.register(text, named: String(name.dropLast(".mustache".count)))
                } catch {
                    throw Diagnostic(file: url.path, message: "template error: \(error)", hint: "check the {{tags}} of this template")
                }
            } else if name.hasSuffix(".css") || name.hasSuffix(".js") {
                assets.append((name, data))
            } else {
                continue
            }
            digestInput += Array(name.utf8) + [0] + [UInt8](data) + [0]
        }
        let missing = Self.required.filter { library.getTemplate(named: $0) == nil }
        if !missing.isEmpty {
            throw Diagnostic(file: directory.path, message: "templates folder lacks \(missing.map { "\($0).mustache" }.joined(separator: ", "))",
                             hint: "copy the missing files from Backlab's templates/ folder")
        }
        self.library = library
        self.assets = assets
        digest = SHA256Digest.hex(digestInput)
    }

    /// Renders a page.
    func render(_ template: String, _ model: Any) -> String {
        library.render(model, withTemplate: template) ?? ""
    }

    /// The default templates folder: `./templates`, else the one of the package this binary was built in.
    public static func defaultDirectory() -> URL {
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("templates")
        if FileManager.default.fileExists(atPath: local.appendingPathComponent("index.mustache").path) { return local }
        // .build/<config>/backlab -> the package root is three folders up.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("templates")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("index.mustache").path) { return candidate }
        }
        return local
    }
}
