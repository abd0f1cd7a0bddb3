import Engine
import Foundation
import Mustache

/// A template's problems as located errors: where swift-mustache's parser stopped, in plain
/// words, and partials that no template provides (which Mustache would render as nothing).
enum TemplateDiagnostic {
    /// The parser's error at `file`'s line and column.
    static func syntax(_ error: Error, file: String) -> Diagnostic {
        guard let parse = error as? MustacheTemplate.ParserError else {
            return Diagnostic(file: file, message: "template error: \(error)", hint: "check the {{tags}} of this template")
        }
        let line = parse.context.line.trimmingCharacters(in: .whitespaces)
        return Diagnostic(
            file: file, line: parse.context.lineNumber, column: parse.context.columnNumber, message: describe(parse.error),
            hint: line.isEmpty ? "the template ends here" : "the line reads: \(line.count > 80 ? line.prefix(80) + "…" : line)")
    }

    static func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a section is closed ({{/name}}) with another name than it was opened with"
        case .unfinishedName?: "a tag is not closed: {{ without its }}"
        case .expectedSectionEnd?: "a section ({{#name}} or {{^name}}) is never closed with {{/name}}"
        case .invalidSetDelimiter?: "a set-delimiter tag ({{=<% %>=}}) is badly written"
        case .transformAppliedToInheritanceSection?: "a transform is applied to an inherited section"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?: "an inherited partial holds more than block overrides"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: "a configuration tag ({{% ...}}) is not understood"
        case nil: "template error: \(error)"
        }
    }

    /// The first `{{> name}}` (or `{{< name}}`) in `text` whose name `has` does not know, as an
    /// error at its tag.
    static func missingPartial(in text: String, file: String, has: (String) -> Bool) -> Diagnostic? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...].drop { $0 == " " }
                guard let marker = after.first, marker == ">" || marker == "<" else {
                    rest = rest[open.upperBound...]
                    continue
                }
                guard let close = after.range(of: "}}") else { break }
                let name = after[after.index(after: after.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty, !has(name) {
                    return Diagnostic(
                        file: file, line: index + 1, column: line.distance(from: line.startIndex, to: open.lowerBound) + 1,
                        message: "the partial '\(name)' is not among the templates",
                        hint: "add \(name).mustache to the templates folder, or correct the name")
                }
                rest = after[close.upperBound...]
            }
        }
        return nil
    }
}
