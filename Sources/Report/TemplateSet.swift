import Engine
import Foundation
import Mustache
import Storage
import Study

/// The Mustache templates and static assets of the site: the set built into backlab (the files of
/// templates/, see BuiltInTemplates.swift), or a folder given with `--templates DIR`.
public struct TemplateSet: Sendable {
    /// Where the templates come from, as errors name it: the folder, or "built-in templates".
    let origin: String
    /// The templates by name (file name without `.mustache`), partials included.
    let library: MustacheLibrary
    /// Static files copied to `assets/`: name and bytes.
    let assets: [(name: String, data: Data)]
    /// SHA-256 over the names and bytes of every template and asset, so a changed template
    /// re-renders the pages; the same files give the same digest wherever they come from.
    public let digest: String

    /// The pages a site needs.
    static let required = ["index", "optimization", "variants", "single", "run", "walkforward"]

    /// The default templates, CSS and JS, compiled into the binary.
    public static func builtIn() throws -> TemplateSet {
        try TemplateSet(files: BuiltInTemplates.files.map { ($0.name, Data($0.contents.utf8)) }, origin: "built-in templates")
    }

    /// Loads every `*.mustache` file and the assets (`*.css`, `*.js`) of `directory`; errors
    /// name it as `shown` (as the user wrote it), or by its path.
    public init(directory: URL, shown: String? = nil) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(
                file: shown ?? directory.path, message: "templates folder not found",
                hint: "pass a folder of Mustache templates (start from a copy of Backlab's templates/), "
                    + "or leave out --templates to use the built-in ones")
        }
        var files: [(name: String, data: Data)] = []
        for name in try fm.contentsOfDirectory(atPath: directory.path).sorted() where Self.isTemplateOrAsset(name) {
            let path = directory.appendingPathComponent(name).path
            // Never read a FIFO or a device: it can block for ever.
            if let problem = PathKind.problem(path) {
                throw Diagnostic(
                    file: "\(shown ?? directory.path)/\(name)", message: "\(name) \(problem)",
                    hint: "a template must be a text file; replace it or remove it")
            }
            guard let data = fm.contents(atPath: path) else {
                throw Diagnostic(
                    file: "\(shown ?? directory.path)/\(name)", message: "\(name) cannot be read", hint: "check the file's permissions")
            }
            files.append((name, data))
        }
        try self.init(files: files, origin: shown ?? directory.path)
    }

    static func isTemplateOrAsset(_ name: String) -> Bool {
        name.hasSuffix(".mustache") || name.hasSuffix(".css") || name.hasSuffix(".js")
    }

    /// The templates (`*.mustache`) and assets (`*.css`, `*.js`) among `files` (name and bytes);
    /// other files are ignored. `origin` names the set in errors: a template's syntax error at
    /// its line and column, a partial (`{{> name}}`) that no template provides at its tag.
    public init(files: [(name: String, data: Data)], origin: String) throws {
        var library = MustacheLibrary()
        var assets: [(String, Data)] = []
        var digestInput: [UInt8] = []
        var texts: [(name: String, text: String)] = []
        for (name, data) in files.sorted(by: { $0.name < $1.name }) {
            if name.hasSuffix(".mustache") {
                let text = String(decoding: data, as: UTF8.self)
                do {
                    try library.register(text, named: String(name.dropLast(".mustache".count)))
                } catch {
                    throw TemplateDiagnostic.syntax(error, file: "\(origin)/\(name)")
                }
                texts.append((name, text))
            } else if name.hasSuffix(".css") || name.hasSuffix(".js") {
                assets.append((name, data))
            } else {
                continue
            }
            digestInput += Array(name.utf8) + [0] + [UInt8](data) + [0]
        }
        for (name, text) in texts {
            if let missing = TemplateDiagnostic.missingPartial(
                in: text, file: "\(origin)/\(name)", has: { library.getTemplate(named: $0) != nil })
            {
                throw missing
            }
        }
        let missing = Self.required.filter { library.getTemplate(named: $0) == nil }
        if !missing.isEmpty {
            throw Diagnostic(
                file: origin, message: "templates folder lacks \(missing.map { "\($0).mustache" }.joined(separator: ", "))",
                hint: "copy the missing files from Backlab's templates/ folder")
        }
        self.origin = origin
        self.library = library
        self.assets = assets
        digest = SHA256Digest.hex(digestInput)
    }

    /// Renders a page. A name the set does not hold is an error, not an empty page: every page
    /// template must be listed in `required`, which the initialiser checks.
    func render(_ template: String, _ model: Any) throws -> String {
        guard let page = library.render(model, withTemplate: template) else {
            throw Diagnostic(
                file: "\(origin)/\(template).mustache", message: "no template '\(template)' to render this page with",
                hint: "add \(template).mustache to the templates (and to TemplateSet.required)")
        }
        return page
    }
}
