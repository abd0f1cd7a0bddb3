import Engine
import Yams

/// Reads typed values out of a YAML node tree and collects every problem with its position,
/// instead of stopping at the first one.
struct NodeReader {
    /// The file the nodes came from, for messages.
    let file: String
    /// Problems found so far.
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// The problems in reading order: by line and column, those without a position last.
    var sortedDiagnostics: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let ka = (a.element.line ?? Int.max, a.element.column ?? 0, a.offset)
            let kb = (b.element.line ?? Int.max, b.element.column ?? 0, b.offset)
            return ka < kb
        }.map(\.element)
    }

    /// Records a problem at `node` (nodes from `--set` have no position and are named as such).
    mutating func error(_ node: Node?, _ message: String, hint: String? = nil) {
        if let mark = node?.mark {
            diagnostics.append(Diagnostic(file: file, line: mark.line, column: mark.column, message: message, hint: hint))
        } else {
            diagnostics.append(Diagnostic(file: node == nil ? file : "--set", message: message, hint: hint))
        }
    }

    mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// The pairs of a mapping with string keys; reports unknown keys against `allowed`.
    mutating func mapping(_ node: Node, at path: String, allowed: [String]?) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(path.isEmpty ? "the document" : path) must be a mapping of keys to values, not \(describe(node))",
                  hint: allowed.map { "expected keys: \($0.joined(separator: ", "))" })
            return nil
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                error(keyNode, "keys in \(path.isEmpty ? "the document" : path) must be plain names")
                continue
            }
            if let allowed, !allowed.contains(key.string) {
                let place = path.isEmpty ? "at the top level" : "in \(path)"
                error(keyNode, "unknown key '\(key.string)' \(place)\(Suggestion.didYouMean(key.string, in: allowed))",
                      hint: "allowed keys: \(allowed.joined(separator: ", "))")
                continue
            }
            pairs.append((key.string, keyNode, value))
        }
        return pairs
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return isNull(node) ? "an empty value" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// A plain or quoted string.
    mutating func string(_ node: Node, at path: String) -> String? {
        guard case .scalar(let s) = node, !isNull(node) else {
            error(node, "\(path) must be text, not \(describe(node))")
            return nil
        }
        return s.string
    }

    /// An unquoted number; NaN and infinity are refused.
    mutating func number(_ node: Node, at path: String, range: ClosedRange<Double>? = nil, exclusiveLower: Bool = false, hint: String? = nil) -> Double? {
        guard case .scalar(let s) = node, s.style == .plain,
            let value = Double(s.string.replacingOccurrences(of: "_", with: "")), value.isFinite
        else {
            error(node, "\(path) must be a number, not \(describe(node))", hint: hint)
            return nil
        }
        if let range {
            let below = exclusiveLower ? value <= range.lowerBound : value < range.lowerBound
            if below || value > range.upperBound {
                let lower = "\(exclusiveLower ? "above" : "at least") \(NumberText.format(range.lowerBound))"
                let text = range.upperBound == .greatestFiniteMagnitude ? lower : "\(lower) and at most \(NumberText.format(range.upperBound))"
                error(node, "\(path) is \(NumberText.format(value)), but must be \(text)", hint: hint)
                return nil
            }
        }
        return value
    }

    /// An unquoted whole number.
    mutating func integer(_ node: Node, at path: String, range: ClosedRange<Int>? = nil) -> Int? {
        let text: String? = if case .scalar(let s) = node, s.style == .plain { s.string.replacingOccurrences(of: "_", with: "") } else { nil }
        // 10.0 is accepted as 10 (grids and other tools write whole numbers that way); 10.5 is not.
        let whole = text.flatMap { Int($0) ?? Double($0).flatMap { $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil } }
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
    mutating func bool(_ node: Node, at path: String) -> Bool? {
        if case .scalar(let s) = node, s.style == .plain {
            switch s.string.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        error(node, "\(path) must be true or false, not \(describe(node))")
        return nil
    }

    /// One of a fixed set of words.
    mutating func choice(_ node: Node, at path: String, from options: [String]) -> String? {
        guard let text = string(node, at: path) else { return nil }
        guard options.contains(text) else {
            error(node, "\(path) is '\(text)', but must be one of \(options.joined(separator: ", "))\(Suggestion.didYouMean(text, in: options))")
            return nil
        }
        return text
    }

    /// A timestamp in one of the accepted forms.
    mutating func timestamp(_ node: Node, at path: String) -> TimestampParser.Parsed? {
        guard let text = string(node, at: path) else { return nil }
        guard let parsed = TimestampParser.parse(text) else {
            error(node, "\(path) '\(text)' is not a date or time", hint: "write 2020-01-31 or 2020-01-31T09:30:00Z")
            return nil
        }
        return parsed
    }
}
