import Engine
import Foundation
import Yams

/// A YAML file read from disk into a `ConfigNode` tree whose nodes carry file, line and column.
public struct YAMLSource {
    /// The path as shown in messages (as the user named it).
    public let displayPath: String
    /// The folder relative paths inside the file start from.
    public let folder: URL
    /// The document's root, nil for an empty file.
    public let root: ConfigNode?

    /// Reads and parses a file; syntax errors become diagnostics with their position.
    public init(path: String, displayPath: String? = nil) throws {
        let shown = displayPath ?? path
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(file: shown, message: "file not found", hint: "check the path; it is relative to the current folder")
        }
        self.displayPath = shown
        self.folder = url.deletingLastPathComponent()
        self.root = try Self.parse(data, file: shown)
    }

    /// Parses a YAML file's bytes; text that is not UTF-8 and syntax errors become diagnostics.
    static func parse(_ data: Data, file: String) throws -> ConfigNode? {
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(file: file, message: "the file is not UTF-8 text", hint: "save it as UTF-8")
        }
        return try ConfigNode.parse(text, file: file)
    }

    /// Parses YAML text that came from `file`.
    public init(text: String, displayPath: String, folder: URL) throws {
        self.displayPath = displayPath
        self.folder = folder
        self.root = try ConfigNode.parse(text, file: displayPath)
    }

    /// Turns a Yams error into a located diagnostic.
    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        let hint = "check the indentation and quoting around this place; values with ':' or '#' need quotes"
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if problem.hasPrefix("Maximum nesting level reached") {
                // libyaml's own bound (1,000), which keeps a deep document from exhausting the stack.
                return Diagnostic(
                    file: file, line: mark.line, column: mark.column, message: "the YAML nests more than 1000 levels deep",
                    hint: "a study's settings nest a few levels; is a bracket or an indentation run away?")
            }
            let text = [problem, context.map { "(\($0.text) at line \($0.mark.line))" }].compactMap { $0 }.joined(separator: " ")
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(text)", hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                file: file, line: context.mark.line, column: context.mark.column,
                message:
                    "duplicate key\(duplicates.count > 1 ? "s" : "") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping",
                hint: "each key may appear once; remove or merge the repeated one")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, message: "cannot read the YAML: \(problem)", hint: "save the file as UTF-8 text")
        default:
            return Diagnostic(file: file, message: "invalid YAML: \(error)")
        }
    }
}
