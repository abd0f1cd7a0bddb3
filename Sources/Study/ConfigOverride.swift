import Engine

/// A change to a config tree at a dotted path: `--set strategy.signal_generator.params.fast=20`,
/// a grid point, or a variant's override.
///
/// Merge rule: a mapping value is merged key by key into an existing mapping, except that a mapping
/// naming a `plugin` replaces the whole plugin block (the old plugin's params do not leak into the
/// new one). Any other value replaces what was there. Nodes keep their source locations, so errors
/// in merged values point at the file (or `--set`) they came from.
public struct ConfigOverride: Sendable {
    /// The path segments.
    public let path: [String]
    /// The new value.
    public let value: ConfigNode
    /// Where the override's key is written (keys created along the path get this location).
    public let keyLocation: SourceLocation

    /// An override from parts.
    public init(path: [String], value: ConfigNode, keyLocation: SourceLocation) {
        self.path = path
        self.value = value
        self.keyLocation = keyLocation
    }

    /// Parses `dotted.path=value`; the value is read as YAML, so `3`, `true`, `close` and
    /// `{plugin: time_exit, params: {bars: 5}}` all work.
    public init(assignment: String) throws {
        let origin = SourceLocation(file: "--set")
        guard let equals = assignment.firstIndex(of: "=") else {
            throw origin.diagnostic(
                "'\(assignment)' is not of the form dotted.path=value",
                hint: "for example --set strategy.signal_generator.params.fast=20")
        }
        guard let path = ConfigOverride.segments(String(assignment[..<equals])) else {
            throw origin.diagnostic(
                "'\(assignment)' has an empty path segment",
                hint: "write the path as keys joined by dots, e.g. platform.fees_pct=0.002")
        }
        let parsed: ConfigNode?
        do {
            parsed = try ConfigNode.parse(String(assignment[assignment.index(after: equals)...]), file: "--set")
        } catch {
            throw origin.diagnostic("cannot read the value of '\(assignment)' as YAML", hint: "quote text that contains ':' or '#'")
        }
        // Command-line values have no line in any file.
        self.init(
            path: path, value: (parsed ?? ConfigNode(.scalar("", plain: true), at: origin)).relocated(to: origin), keyLocation: origin)
    }

    /// Splits `a.b.c`; nil when a segment is empty.
    public static func segments(_ dotted: String) -> [String]? {
        let path = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return path.isEmpty || path.contains(where: \.isEmpty) ? nil : path
    }

    /// Applies the override to a document root.
    public func apply(to root: ConfigNode) throws -> ConfigNode {
        try set(at: path[...], in: root, walked: [])
    }

    private func set(at path: ArraySlice<String>, in node: ConfigNode, walked: [String]) throws -> ConfigNode {
        guard let key = path.first else { return ConfigOverride.merge(value, onto: node) }
        guard var entries = node.entries else {
            throw keyLocation.diagnostic(
                "'\(walked.joined(separator: "."))' is not a mapping, so it has no key '\(key)'",
                hint: "set the whole value instead, or check the path \(self.path.joined(separator: "."))")
        }
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = try set(at: path.dropFirst(), in: entries[index].value, walked: walked + [key])
        } else {
            let created = try set(at: path.dropFirst(), in: .emptyMapping(at: keyLocation), walked: walked + [key])
            entries.append(ConfigNode.Entry(key: key, keyLocation: keyLocation, value: created))
        }
        return ConfigNode(.mapping(entries), at: node.location)
    }

    /// Deep merge with the plugin-block rule.
    static func merge(_ value: ConfigNode, onto existing: ConfigNode) -> ConfigNode {
        guard let incoming = value.entries, var current = existing.entries, value["plugin"] == nil else { return value }
        for entry in incoming {
            if let index = current.firstIndex(where: { $0.key == entry.key }) {
                current[index].value = merge(entry.value, onto: current[index].value)
            } else {
                current.append(entry)
            }
        }
        return ConfigNode(.mapping(current), at: existing.location)
    }
}

extension ConfigNode {
    /// The same tree with every location replaced by `location`.
    func relocated(to location: SourceLocation) -> ConfigNode {
        switch kind {
        case .scalar: return ConfigNode(kind, at: location)
        case .mapping(let entries):
            return ConfigNode(
                .mapping(entries.map { ConfigNode.Entry(key: $0.key, keyLocation: location, value: $0.value.relocated(to: location)) }),
                at: location)
        case .sequence(let items): return ConfigNode(.sequence(items.map { $0.relocated(to: location) }), at: location)
        }
    }
}
