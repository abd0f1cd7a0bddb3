/// Why `publish` could not do what it was asked, in words that say what to do.
public struct PublishError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let message: String
    /// How to fix it.
    public let hint: String

    public init(_ message: String, hint: String) {
        self.message = message
        self.hint = hint
    }

    public var description: String { "error: \(message)" + (hint.isEmpty ? "" : "\n  hint: \(hint)") }
}
