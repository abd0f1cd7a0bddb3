import Engine

/// Reads typed values out of a `ConfigNode` tree and collects every problem with its position,
/// instead of stopping at the first one.
struct NodeReader {
    /// The file being read, for problems that have no node.
    let file: String
    /// Problems found so far.
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// The problems in reading order: by file, line and column, those without a position last.
    var sortedDiagnostics: [Diagnostic] { Self.sorted(diagnostics) }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let ka = (a.element.line == nil ? 1 : 0, a.element.line ?? 0, a.element.column ?? 0, a.offset)
            let kb = (b.element.line == nil ? 1 : 0, b.element.line ?? 0, b.element.column ?? 0, b.offset)
            return ka < kb
        }.map(\.element)
    }

    /// Records a problem at a node (or at the file when there is none).
    mutating func error(_ node: ConfigNode?, _ message: String, hint: String? = nil) {
        error(at: node?.location ?? SourceLocation(file: file), message, hint: hint)
    }

    /// Records a problem at a location.
    mutating func error(at location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(location.diagnostic(message, hint: hint))
    }

    mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// The entries of a mapping; reports unknown keys against `allowed` (nil: any key), naming the
    /// current key for a former one listed in `renamed` (old -> current).
    mutating func mapping(_ node: ConfigNode, at path: String, allowed: [String]?, renamed: [String: String] = [:]) -> [ConfigNode.Entry]? {
        guard let entries = node.entries else {
            error(
                node, "\(path.isEmpty ? "the document" : path) must be a mapping of keys to values, not \(describe(node))",
                hint: allowed.map { "expected keys: \($0.joined(separator: ", "))" })
            return nil
        }
        guard let allowed else { return entries }
        return entries.filter { entry in
            guard allowed.contains(entry.key) else {
                let place = path.isEmpty ? "at the top level" : "in \(path)"
                let suggestion = Suggestion.didYouMean(entry.key, in: allowed, renamed: renamed)
                error(
                    at: entry.keyLocation, "unknown key '\(entry.key)' \(place)\(suggestion)",
                    hint: "allowed keys: \(allowed.joined(separator: ", "))")
                return false
            }
            return true
        }
    }

    func describe(_ node: ConfigNode) -> String {
        switch node.kind {
        case .scalar(let text, _): return node.isNull ? "an empty value" : "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// A plain or quoted string.
    mutating func string(_ node: ConfigNode, at path: String) -> String? {
        guard case .scalar(let text, _) = node.kind, !node.isNull else {
            error(node, "\(path) must be text, not \(describe(node))")
            return nil
        }
        return text
    }

    /// The text of an unquoted scalar, as numbers and booleans must be.
    func plainText(_ node: ConfigNode) -> String? {
        if case .scalar(let text, true) = node.kind { return text.replacingOccurrences(of: "_", with: "") }
        return nil
    }

    /// An unquoted number; NaN and infinity are refused.
    mutating func number(
        _ node: ConfigNode, at path: String, range: ClosedRange<Double>? = nil, exclusiveLower: Bool = false, hint: String? = nil
    ) -> Double? {
        guard let text = plainText(node), let value = Double(text), value.isFinite else {
            error(node, "\(path) must be a number, not \(describe(node))", hint: hint)
            return nil
        }
        if let range {
            let below = exclusiveLower ? value <= range.lowerBound : value < range.lowerBound
            if below || value > range.upperBound {
                let lower = "\(exclusiveLower ? "above" : "at least") \(NumberText.format(range.lowerBound))"
                let text =
                    range.upperBound == .greatestFiniteMagnitude ? lower : "\(lower) and at most \(NumberText.format(range.upperBound))"
                error(node, "\(path) is \(NumberText.format(value)), but must be \(text)", hint: hint)
                return nil
            }
        }
        return value
    }

    /// An unquoted whole number (10.0 is accepted as 10, as grids and other tools write it).
    mutating func integer(_ node: ConfigNode, at path: String, range: ClosedRange<Int>? = nil) -> Int? {
        let whole = plainText(node).flatMap { text in
            Int(text) ?? Double(text).flatMap { $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil }
        }
        guard let value = whole else {
            error(node, "\(path) must be a whole number, not \(describe(node))")
            return nil
        }
        if let range, !range.contains(value) {
            error(node, "\(path) is \(value), but must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    /// `true` or `false`.
    mutating func bool(_ node: ConfigNode, at path: String) -> Bool? {
        switch plainText(node)?.lowercased() {
        case "true": return true
        case "false": return false
        default:
            error(node, "\(path) must be true or false, not \(describe(node))")
            return nil
        }
    }

    /// One of a fixed set of words.
    mutating func choice(_ node: ConfigNode, at path: String, from options: [String]) -> String? {
        guard let text = string(node, at: path) else { return nil }
        guard options.contains(text) else {
            error(
                node,
                "\(path) is '\(text)', but must be one of \(options.joined(separator: ", "))\(Suggestion.didYouMean(text, in: options))")
            return nil
        }
        return text
    }

    /// A timestamp in one of the accepted forms.
    mutating func timestamp(_ node: ConfigNode, at path: String) -> TimestampParser.Parsed? {
        guard let text = string(node, at: path) else { return nil }
        guard let parsed = TimestampParser.parse(text) else {
            error(node, "\(path) '\(text)' is not a date or time", hint: "write 2020-01-31 or 2020-01-31T09:30:00Z")
            return nil
        }
        return parsed
    }
}
