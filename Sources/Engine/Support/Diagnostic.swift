/// One problem a user can act on: where it is, what is wrong, and how to fix it.
///
/// Printed as `file:line:col: error: message` followed by an indented hint, the form compilers
/// and swift-format use, so editors can jump to it.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in, as the user named it; nil for command-line input.
    public var file: String?
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What is wrong.
    public var message: String
    /// How to fix it, when there is something useful to say.
    public var hint: String?

    /// Creates a diagnostic.
    public init(file: String?, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `file:line:col: error: message`, then `  hint: ...` on its own line.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line {
                location += ":\(line)"
                if let column { location += ":\(column)" }
            }
            location += ": "
        }
        var text = "\(location)error: \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// Every problem found in one pass; thrown once so that the user sees them all together.
public struct DiagnosticList: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in the order they were found.
    public var diagnostics: [Diagnostic]

    /// Creates a list; callers throw it only when it is not empty.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One diagnostic per paragraph.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension DiagnosticList {
    /// Any error as a list of diagnostics (other errors become one diagnostic without a place).
    public init(from error: Error) {
        switch error {
        case let list as DiagnosticList: self = list
        case let diagnostic as Diagnostic: self.init([diagnostic])
        default: self.init([Diagnostic(file: nil, message: "\(error)")])
        }
    }
}
