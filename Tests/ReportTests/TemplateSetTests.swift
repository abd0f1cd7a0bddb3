import Engine
import Foundation
import Testing

@testable import Report

/// The templates: the set built into the binary is exactly templates/, and a page template that
/// is missing is an error, never an empty page.
@Suite struct TemplateSetTests {
    static let templatesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates")
    static let regenerate = "run `swift scripts/generate-templates.swift` to regenerate Sources/Report/BuiltInTemplates.swift"

    /// The page templates a set must hold, each rendering its model's `title`.
    static func minimalFiles(_ names: [String] = TemplateSet.required) -> [(name: String, data: Data)] {
        names.map { ("\($0).mustache", Data("<h1>{{title}}</h1>".utf8)) }
    }

    @Test func theBuiltInFilesAreExactlyTheFilesOfTheTemplatesFolder() throws {
        let fm = FileManager.default
        let onDisk = try fm.contentsOfDirectory(atPath: Self.templatesFolder.path).filter { name in
            var isFolder: ObjCBool = false
            let path = Self.templatesFolder.appendingPathComponent(name).path
            return !name.hasPrefix(".") && fm.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
        let builtIn = BuiltInTemplates.files.map(\.name)
        let notBuiltIn = Set(onDisk).subtracting(builtIn).sorted()
        let gone = Set(builtIn).subtracting(onDisk).sorted()
        #expect(notBuiltIn.isEmpty, "templates/ files not built in: \(notBuiltIn); \(Self.regenerate)")
        #expect(gone.isEmpty, "built in but no longer in templates/: \(gone); \(Self.regenerate)")
        #expect(builtIn == builtIn.sorted(), "the built-in files are not sorted by name; \(Self.regenerate)")
        for (name, contents) in BuiltInTemplates.files where onDisk.contains(name) {
            let bytes = try Data(contentsOf: Self.templatesFolder.appendingPathComponent(name))
            #expect(Data(contents.utf8) == bytes, "the built-in templates/\(name) differs from the file; \(Self.regenerate)")
        }
    }

    @Test func theBuiltInSetAndTheTemplatesFolderHaveTheSameDigestAndAssets() throws {
        let builtIn = try TemplateSet.builtIn()
        let folder = try TemplateSet(directory: Self.templatesFolder)
        #expect(builtIn.digest == folder.digest)
        #expect(builtIn.assets.map(\.name) == ["grid-table.js", "style.css", "table.js"])
        #expect(builtIn.assets.map(\.name) == folder.assets.map(\.name) && builtIn.assets.map(\.data) == folder.assets.map(\.data))
    }

    @Test func theDigestCoversNamesAndBytesOnly() throws {
        let files = Self.minimalFiles() + [("style.css", Data("body {}".utf8)), ("notes.txt", Data("ignored".utf8))]
        let set = try TemplateSet(files: files, origin: "one")
        #expect(try TemplateSet(files: files.reversed(), origin: "two").digest == set.digest)
        #expect(try TemplateSet(files: Array(files.dropLast()), origin: "one").digest == set.digest)
        let changed = Self.minimalFiles() + [("style.css", Data("body { margin: 0 }".utf8))]
        #expect(try TemplateSet(files: changed, origin: "one").digest != set.digest)
    }

    @Test func renderingATemplateTheSetDoesNotHoldIsAnError() throws {
        let set = try TemplateSet(files: Self.minimalFiles(), origin: "mine")
        #expect(try set.render("index", ["title": "Studies"]) == "<h1>Studies</h1>")
        #expect(
            throws: Diagnostic(
                file: "mine/nope.mustache", message: "no template 'nope' to render this page with",
                hint: "add nope.mustache to the templates (and to TemplateSet.required)")
        ) {
            try set.render("nope", ["title": "Studies"])
        }
    }

    @Test func aSetWithoutEveryPageTemplateIsRefused() {
        #expect(
            throws: Diagnostic(
                file: "mine", message: "templates folder lacks optimization.mustache, run.mustache, walkforward.mustache",
                hint: "copy the missing files from Backlab's templates/ folder")
        ) {
            try TemplateSet(files: Self.minimalFiles(["index", "variants", "single"]), origin: "mine")
        }
    }

    /// The set's error for `index.mustache` reading `text` (the other pages minimal).
    static func error(index text: String, extra: [(String, Data)] = []) -> Diagnostic? {
        let files = minimalFiles().filter { $0.name != "index.mustache" } + [("index.mustache", Data(text.utf8))] + extra
        do {
            _ = try TemplateSet(files: files, origin: "mine")
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    @Test func aSyntaxErrorIsNamedAtItsLineAndColumnInPlainWords() {
        #expect(
            Self.error(index: "<h1>{{title}}</h1>\n<p>{{#rows}}{{name}</p>\n")
                == Diagnostic(
                    file: "mine/index.mustache", line: 2, column: 19, message: "a tag is not closed: {{ without its }}",
                    hint: "the line reads: <p>{{#rows}}{{name}</p>"))
        #expect(
            Self.error(index: "{{#rows}}\n{{name}}\n")?.message == "a section ({{#name}} or {{^name}}) is never closed with {{/name}}")
        #expect(
            Self.error(index: "{{#rows}}{{name}}{{/row}}\n")?.message
                == "a section is closed ({{/name}}) with another name than it was opened with")
    }

    @Test func aPartialThatNoTemplateProvidesIsAnErrorAtItsTag() {
        #expect(
            Self.error(index: "<h1>{{title}}</h1>\n  {{> footer }}\n")
                == Diagnostic(
                    file: "mine/index.mustache", line: 2, column: 3, message: "the partial 'footer' is not among the templates",
                    hint: "add footer.mustache to the templates folder, or correct the name"))
        // With the partial there, the set loads and renders it.
        #expect(Self.error(index: "{{> footer}}", extra: [("footer.mustache", Data("bye".utf8))]) == nil)
    }
}
