import Engine
import Yams

/// Where a value came from: a file with line and column, or the command line.
public struct SourceLocation: Sendable, Equatable {
    /// File as shown to the user, or `--set`.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?

    /// Creates a location.
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A diagnostic at this place.
    public func diagnostic(_ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, message: message, hint: hint)
    }
}

/// A YAML value with the file, line and column it came from, kept through merges, so that a
/// problem found in a config built from run.yaml, a variant and `--set` points at the right file.
public struct ConfigNode: Sendable {
    /// The shape of the value.
    public enum Kind: Sendable {
        /// Text; `plain` is false for quoted scalars (which are never numbers or booleans).
        case scalar(String, plain: Bool)
        /// Keys in file order.
        case mapping([Entry])
        /// Items in order.
        case sequence([ConfigNode])
    }

    /// One key of a mapping.
    public struct Entry: Sendable {
        /// The key.
        public var key: String
        /// Where the key is written.
        public var keyLocation: SourceLocation
        /// The value.
        public var value: ConfigNode

        /// Creates an entry.
        public init(key: String, keyLocation: SourceLocation, value: ConfigNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    /// The value.
    public var kind: Kind
    /// Where it starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// An empty mapping.
    public static func emptyMapping(at location: SourceLocation) -> ConfigNode { ConfigNode(.mapping([]), at: location) }

    /// Whether this is YAML's null (empty, `~` or `null`).
    public var isNull: Bool {
        guard case .scalar(let text, true) = kind else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// The entries of a mapping, nil for other kinds.
    public var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// This mapping with the value under `key` replaced by `value` (unchanged for other kinds, or
    /// without the key).
    public func replacing(key: String, with value: ConfigNode) -> ConfigNode {
        guard var entries, let index = entries.firstIndex(where: { $0.key == key }) else { return self }
        entries[index].value = value
        return ConfigNode(.mapping(entries), at: location)
    }

    /// The value under `key` of a mapping.
    public subscript(key: String) -> ConfigNode? {
        entries?.first { $0.key == key }?.value
    }

    /// The most bytes a YAML file may have (a study's files are a few kilobytes).
    public static let maxBytes = 8 << 20
    /// The most values (scalars, mappings and lists) a document may hold once its aliases are
    /// written out: a few kilobytes of `&a [*b, *b, ...]` lines can otherwise stand for billions.
    public static let maxValues = 1_000_000

    /// Parses YAML text; syntax errors become located diagnostics. Nil for an empty document.
    /// Documents over `maxBytes`, or over `maxValues` values with their aliases expanded, are
    /// errors (libyaml itself stops nesting deeper than 1,000 levels).
    public static func parse(_ text: String, file: String) throws -> ConfigNode? {
        guard text.utf8.count <= maxBytes else {
            throw SourceLocation(file: file, line: 1, column: 1).diagnostic(
                "the file is \(text.utf8.count) bytes, more than the \(maxBytes) a YAML file may have",
                hint: "a study's YAML files are a few kilobytes: is this the right file?")
        }
        let root: Node?
        do {
            // Tags are not needed (values are typed against the schema), so the basic resolver: the
            // default one compiles a dozen regular expressions on first use.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw YAMLSource.diagnostic(for: error, file: file)
        }
        guard let root else { return nil }
        var budget = maxValues
        return try ConfigNode(root, file: file, budget: &budget)
    }

    /// `node` as a config node, each value taken from `budget` (an error once it runs out).
    init(_ node: Node, file: String, budget: inout Int) throws {
        let location = SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
        budget -= 1
        guard budget >= 0 else {
            throw location.diagnostic(
                "the YAML holds more than a million values once its aliases (*name) are written out",
                hint: "write the values out without nested aliases; a study needs far fewer")
        }
        switch node {
        case .scalar(let scalar):
            self.init(.scalar(scalar.string, plain: scalar.style == .plain), at: location)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                let keyLocation = SourceLocation(file: file, line: key.mark?.line, column: key.mark?.column)
                guard case .scalar(let name) = key else {
                    throw keyLocation.diagnostic("keys must be plain names, not a list or mapping", hint: "write key: value")
                }
                entries.append(Entry(key: name.string, keyLocation: keyLocation, value: try ConfigNode(value, file: file, budget: &budget)))
            }
            self.init(.mapping(entries), at: location)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence { items.append(try ConfigNode(item, file: file, budget: &budget)) }
            self.init(.sequence(items), at: location)
        case .alias:
            throw location.diagnostic("YAML aliases are not supported here", hint: "write the value out")
        }
    }

    /// Compact flow-style text, for messages and tests: `{a: 1, b: [x, 'y z']}`.
    public var flowText: String {
        switch kind {
        case .scalar(let text, let plain): return plain ? text : "'\(text.replacingOccurrences(of: "'", with: "''"))'"
        case .mapping(let entries): return "{" + entries.map { "\($0.key): \($0.value.flowText)" }.joined(separator: ", ") + "}"
        case .sequence(let items): return "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        }
    }
}
