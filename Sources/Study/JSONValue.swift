import Engine

/// A JSON value and the one writer of every JSON Backlab prints or stores: config hashes
/// (`canonical`), `run --json` (`compact`), `plan --json` (`spaced`) and results.json (`outline`).
/// Numbers are written as everywhere in Backlab (`NumberText`): integers without a fraction, others
/// in their shortest round-trip form, non-finite ones as null.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in order; the canonical layout writes them sorted by key.
    case object([(String, JSONValue)])
    /// An array whose elements are made one at a time as they are written, so a results file of
    /// 100,000 runs never holds 100,000 runs' values at once.
    case generated(count: Int, element: @Sendable (Int) -> JSONValue)

    /// How a value is laid out.
    public enum Layout: Sendable {
        /// Keys sorted, no spaces: equal values give equal bytes (what config hashes hash).
        case canonical
        /// Keys in order, no spaces.
        case compact
        /// Keys in order, `", "` and `": "` between items.
        case spaced
        /// Like `spaced`, but the top-level object has one member per line and arrays directly
        /// inside it one element per line: a file that reads and diffs by line.
        case outline
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.bytes() == b.bytes() }

    /// The text in `layout`.
    public func text(_ layout: Layout = .canonical) -> String { String(decoding: bytes(layout), as: UTF8.self) }

    /// The UTF-8 bytes in `layout`.
    public func bytes(_ layout: Layout = .canonical) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(into: &out, layout: layout, depth: 0)
        return out
    }

    /// A number from an integer.
    public static func integer(_ value: Int) -> JSONValue { .number(Double(value)) }

    private func write(into out: inout [UInt8], layout: Layout, depth: Int) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .number(let n): out += (n.isFinite ? NumberText.format(n) : "null").utf8
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            Self.writeArray(count: items.count, { items[$0] }, into: &out, layout: layout, depth: depth)
        case .generated(let count, let element):
            Self.writeArray(count: count, element, into: &out, layout: layout, depth: depth)
        case .object(let members):
            let broken = layout == .outline && depth == 0 && !members.isEmpty
            let ordered = layout == .canonical ? members.sorted { $0.0 < $1.0 } : members
            out.append(UInt8(ascii: "{"))
            for (i, member) in ordered.enumerated() {
                Self.separator(first: i == 0, broken: broken, depth: depth, layout: layout, into: &out)
                Self.quote(member.0, into: &out)
                out += (layout == .canonical || layout == .compact ? ":" : ": ").utf8
                member.1.write(into: &out, layout: layout, depth: depth + 1)
            }
            if broken { out += "\n".utf8 + Self.indent(depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeArray(
        count: Int, _ element: (Int) -> JSONValue, into out: inout [UInt8], layout: Layout, depth: Int
    ) {
        let broken = layout == .outline && depth == 1 && count > 0
        out.append(UInt8(ascii: "["))
        for i in 0..<count {
            separator(first: i == 0, broken: broken, depth: depth, layout: layout, into: &out)
            element(i).write(into: &out, layout: layout, depth: depth + 1)
        }
        if broken { out += "\n".utf8 + indent(depth) }
        out.append(UInt8(ascii: "]"))
    }

    private static func separator(first: Bool, broken: Bool, depth: Int, layout: Layout, into out: inout [UInt8]) {
        if broken {
            out += (first ? "\n" : ",\n").utf8 + indent(depth + 1)
        } else if !first {
            out += (layout == .canonical || layout == .compact ? "," : ", ").utf8
        }
    }

    private static func indent(_ depth: Int) -> [UInt8] { [UInt8](repeating: UInt8(ascii: " "), count: 2 * depth) }

    /// Appends `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Names and ids need no escaping: copy them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s.utf8
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
