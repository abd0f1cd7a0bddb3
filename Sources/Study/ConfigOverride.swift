import Engine
import Yams

/// A change to a config's YAML tree at a dotted path: `--set strategy.signal_generator.params.fast=20`,
/// and later a grid point or a variant.
///
/// Merge rule: a mapping value is merged key by key into an existing mapping, except that a mapping
/// naming a `plugin` replaces the whole plugin block (the old plugin's params do not leak into the
/// new one). Any other value replaces what was there.
public struct ConfigOverride {
    /// The path segments.
    public let path: [String]
    /// The new value.
    public let value: Node
    /// How the override is named in messages.
    public let origin: String

    /// An override from parts.
    public init(path: [String], value: Node, origin: String) {
        self.path = path
        self.value = value
        self.origin = origin
    }

    /// Parses `dotted.path=value`; the value is read as YAML, so `3`, `true`, `close` and
    /// `{plugin: time_exit, params: {bars: 5}}` all work.
    public init(assignment: String) throws {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw Diagnostic(file: "--set", message: "'\(assignment)' is not of the form dotted.path=value",
                             hint: "for example --set strategy.signal_generator.params.fast=20")
        }
        let path = assignment[..<equals].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.isEmpty, path.allSatisfy({ !$0.isEmpty }) else {
            throw Diagnostic(file: "--set", message: "'\(assignment)' has an empty path segment",
                             hint: "write the path as keys joined by dots, e.g. platform.fees_pct=0.002")
        }
        let text = String(assignment[assignment.index(after: equals)...])
        let parsed: Node?
        do {
            parsed = try Yams.compose(yaml: text)
        } catch {
            throw Diagnostic(file: "--set", message: "cannot read the value of '\(assignment)' as YAML", hint: "quote text that contains ':' or '#'")
        }
        self.init(path: path, value: ConfigOverride.strippingMarks(parsed ?? Node("", Tag(.null))), origin: "--set \(assignment)")
    }

    /// Applies the override to a document root.
    public func apply(to root: Node) throws -> Node {
        try ConfigOverride.set(value, at: path[...], in: root, origin: origin, walked: [])
    }

    private static func set(_ value: Node, at path: ArraySlice<String>, in node: Node, origin: String, walked: [String]) throws -> Node {
        guard let key = path.first else { return merge(value, onto: node) }
        guard case .mapping(var mapping) = node else {
            throw Diagnostic(file: "--set", message: "\(origin): '\(walked.joined(separator: "."))' is not a mapping, so it has no key '\(key)'",
                             hint: "set the whole value instead, or check the path")
        }
        let keyNode = Node(key)
        let existing = mapping[keyNode] ?? Node.mapping(.init([]))
        let updated = try set(value, at: path.dropFirst(), in: existing, origin: origin, walked: walked + [key])
        if mapping[keyNode] != nil { mapping[keyNode] = updated } else {
            mapping = Node.Mapping(Array(mapping.map { ($0.key, $0.value) }) + [(keyNode, updated)], mapping.tag, mapping.style, mapping.mark)
        }
        return .mapping(mapping)
    }

    /// Deep merge with the plugin-block rule.
    static func merge(_ value: Node, onto existing: Node) -> Node {
        guard case .mapping(let incoming) = value, case .mapping(var current) = existing, incoming[Node("plugin")] == nil else {
            return value
        }
        for (key, newValue) in incoming {
            if let old = current[key] {
                current[key] = merge(newValue, onto: old)
            } else {
                current = Node.Mapping(Array(current.map { ($0.key, $0.value) }) + [(key, newValue)], current.tag, current.style, current.mark)
            }
        }
        return .mapping(current)
    }

    /// Command-line values have no position in any file: drop Yams' marks (line 1 of the argument).
    static func strippingMarks(_ node: Node) -> Node {
        switch node {
        case .scalar(let s): return .scalar(.init(s.string, s.tag, s.style, nil))
        case .mapping(let m): return .mapping(.init(m.map { (strippingMarks($0.key), strippingMarks($0.value)) }, m.tag, m.style, nil))
        case .sequence(let s): return .sequence(.init(s.map(strippingMarks), s.tag, s.style, nil))
        case .alias: return node
        }
    }
}
