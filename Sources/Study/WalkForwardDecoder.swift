import Engine

/// Reads walkforward.yaml, reporting every problem with its place.
struct WalkForwardDecoder {
    static let keys = ["in_sample", "out_of_sample", "step", "anchored", "first_trade"]
    static let lengthHint = "write a duration such as 3y, 6mo, 2w or 30d, or a number of bars such as 756"

    private var reader: NodeReader

    /// Decodes `root` (nil for an empty file).
    static func decode(_ root: ConfigNode?, file: String) throws -> WalkForwardSpec {
        var decoder = WalkForwardDecoder(reader: NodeReader(file: file))
        let spec = decoder.decode(root)
        if !decoder.reader.diagnostics.isEmpty { throw DiagnosticList(decoder.reader.sortedDiagnostics) }
        guard let spec else { throw DiagnosticList([Diagnostic(file: file, message: "the walk-forward is incomplete")]) }
        return spec
    }

    private mutating func decode(_ root: ConfigNode?) -> WalkForwardSpec? {
        let fileLocation = SourceLocation(file: reader.file, line: 1, column: 1)
        guard let root, !root.isNull else {
            reader.error(
                at: fileLocation, "walkforward.yaml is empty",
                hint: "it needs in_sample: and out_of_sample:, e.g. {in_sample: 3y, out_of_sample: 6mo}")
            return nil
        }
        guard let entries = reader.mapping(root, at: "", allowed: Self.keys) else { return nil }
        let fields = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for key in ["in_sample", "out_of_sample"] where fields[key] == nil {
            reader.error(root, "walkforward.yaml needs \(key)", hint: Self.lengthHint)
        }
        let inSample = fields["in_sample"].flatMap { length($0, at: "in_sample") }
        let outOfSample = fields["out_of_sample"].flatMap { length($0, at: "out_of_sample") }
        let step = fields["step"].map { length($0, at: "step") } ?? outOfSample
        let anchored = fields["anchored"].flatMap { reader.bool($0, at: "anchored") } ?? false
        var firstTrade: Int64?
        if let node = fields["first_trade"] { firstTrade = reader.timestamp(node, at: "first_trade")?.millis }
        guard let inSample, let outOfSample, let step, reader.diagnostics.isEmpty else { return nil }
        return WalkForwardSpec(
            settings: WalkForwardWindows.Settings(
                inSample: inSample, outOfSample: outOfSample, step: step, anchored: anchored, firstTrade: firstTrade),
            locations: WalkForwardSpec.Locations(
                file: fileLocation, inSample: fields["in_sample"]!.location, outOfSample: fields["out_of_sample"]!.location,
                step: (fields["step"] ?? fields["out_of_sample"]!).location, firstTrade: fields["first_trade"]?.location ?? fileLocation))
    }

    /// A window length: `3y`, `6mo`, `2w`, `30d` or a number of bars.
    private mutating func length(_ node: ConfigNode, at key: String) -> WindowLength? {
        guard case .scalar(let text, _) = node.kind, !node.isNull else {
            reader.error(node, "\(key) must be a duration or a number of bars, not \(reader.describe(node))", hint: Self.lengthHint)
            return nil
        }
        // 0, -3 or 0y, -3y: a length that is not above 0 (a count is its leading number).
        let count = text.hasPrefix("-") ? -1 : Int(text.prefix { $0.isASCII && $0.isNumber }) ?? 1
        if Double(text).map({ $0 <= 0 }) ?? (count <= 0) {
            reader.error(node, "\(key) is \(text), but must be greater than 0", hint: Self.lengthHint)
            return nil
        }
        guard let length = WindowLength(text) else {
            reader.error(node, "\(key) '\(text)' is not a duration or a number of bars", hint: Self.lengthHint)
            return nil
        }
        return length
    }
}
