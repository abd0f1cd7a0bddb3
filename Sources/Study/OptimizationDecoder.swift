import Engine
import Foundation

/// Reads optimization.yaml against the study's run.yaml, reporting every problem with its place.
struct OptimizationDecoder {
    static let keys = ["objective", "parameters", "where", "require", "heatmap", "max_runs", "overfitting", "aggregate", "site"]

    private var reader: NodeReader
    private let base: AppConfig
    private let baseRoot: ConfigNode
    private let runFile: String
    private let folder: URL

    /// Decodes `root` (nil for an empty file).
    static func decode(_ root: ConfigNode?, file: String, base: AppConfig, baseRoot: ConfigNode, runFile: String, folder: URL) throws
        -> OptimizationSpec
    {
        var decoder = OptimizationDecoder(reader: NodeReader(file: file), base: base, baseRoot: baseRoot, runFile: runFile, folder: folder)
        let spec = decoder.decode(root)
        if !decoder.reader.diagnostics.isEmpty { throw DiagnosticList(decoder.reader.sortedDiagnostics) }
        guard let spec else { throw DiagnosticList([Diagnostic(file: file, message: "the optimization is incomplete")]) }
        return spec
    }

    private mutating func decode(_ root: ConfigNode?) -> OptimizationSpec? {
        guard let root, !root.isNull else {
            reader.error(nil, "optimization.yaml is empty", hint: "it needs parameters: and objective:")
            return nil
        }
        guard let entries = reader.mapping(root, at: "", allowed: Self.keys) else { return nil }
        var objective = Objective(metric: .sharpeRatio, maximize: true)
        var parameters: [GridParameter] = []
        var whereNode: ConfigNode?
        var requireNode: ConfigNode?
        var heatmapNode: ConfigNode?
        var maxRuns = 100_000
        var blocks = OptimizationSpec.defaultBlocks
        var aggregate = MarketAggregate.median
        var detailRuns = OptimizationSpec.defaultDetailRuns
        var parametersNode: ConfigNode?
        for entry in entries {
            switch entry.key {
            case "objective": objective = decodeObjective(entry.value) ?? objective
            case "parameters": parametersNode = entry.value
            case "where": whereNode = entry.value
            case "require": requireNode = entry.value
            case "heatmap": heatmapNode = entry.value
            case "max_runs": maxRuns = reader.integer(entry.value, at: "max_runs", range: 1...10_000_000) ?? maxRuns
            case "overfitting": blocks = decodeOverfitting(entry.value) ?? blocks
            case "site": detailRuns = decodeSite(entry.value) ?? detailRuns
            case "aggregate":
                aggregate =
                    reader.choice(entry.value, at: "aggregate", from: MarketAggregate.allCases.map(\.rawValue)).flatMap(
                        MarketAggregate.init)
                    ?? aggregate
            default: break
            }
        }
        // Parameters last: the grid's size is checked against max_runs before a value is made.
        if let parametersNode {
            parameters = decodeParameters(parametersNode, maxRuns: maxRuns, filtered: whereNode != nil)
        } else {
            reader.error(
                root, "optimization.yaml needs parameters",
                hint: "add parameters: {strategy.signal_generator.params.fast: {start: 5, end: 50, step: 5}}")
        }
        guard !parameters.isEmpty else { return nil }
        parameters = Self.named(parameters)
        let parameterNames = parameters.map(\.name)
        func resolveParameter(_ name: String) -> Int? {
            parameters.firstIndex { $0.path.dotted == name } ?? parameters.firstIndex { $0.name == name }
        }
        let constraints = parseConstraints(whereNode, key: "where", names: parameterNames) { name in resolveParameter(name) }
        let metricNames = MetricID.allCases.map(\.rawValue)
        let requirements = parseConstraints(requireNode, key: "require", names: metricNames + parameterNames) { name in
            MetricID(rawValue: name).flatMap { MetricID.allCases.firstIndex(of: $0) }
                ?? resolveParameter(name).map { metricNames.count + $0 }
        }
        let numeric = parameters.indices.filter { parameters[$0].values.allSatisfy { $0.number != nil } }
        var heatmap: (x: Int, y: Int)? = numeric.count >= 2 ? (numeric[0], numeric[1]) : nil
        if let heatmapNode, let axes = reader.mapping(heatmapNode, at: "heatmap", allowed: ["x", "y"]) {
            var chosen: [String: Int] = [:]
            for axis in axes {
                guard let name = reader.string(axis.value, at: "heatmap.\(axis.key)") else { continue }
                guard let index = resolveParameter(name) else {
                    reader.error(
                        axis.value,
                        "heatmap.\(axis.key) '\(name)' is not a grid parameter\(Suggestion.didYouMean(name, in: parameterNames))",
                        hint: "parameters: \(parameterNames.joined(separator: ", "))")
                    continue
                }
                guard numeric.contains(index) else {
                    reader.error(
                        axis.value, "heatmap.\(axis.key) '\(name)' has values that are not numbers",
                        hint: "a heatmap axis needs numeric values")
                    continue
                }
                chosen[axis.key] = index
            }
            if let x = chosen["x"] ?? heatmap?.x, let y = chosen["y"] ?? heatmap?.y {
                if x == y {
                    reader.error(heatmapNode, "heatmap x and y are both '\(parameters[x].name)'", hint: "pick two different parameters")
                } else {
                    heatmap = (x, y)
                }
            }
        }
        return OptimizationSpec(
            objective: objective, parameters: parameters, constraints: constraints, requirements: requirements,
            heatmap: heatmap, maxRuns: maxRuns, blocks: blocks, aggregate: aggregate, detailRuns: detailRuns)
    }

    /// `site: {detail_runs: 20}`: how many of the best runs get a page of their own.
    private mutating func decodeSite(_ node: ConfigNode) -> Int? {
        guard let entries = reader.mapping(node, at: "site", allowed: ["detail_runs"]), let value = entries.first?.value else {
            return nil
        }
        return reader.integer(value, at: "site.detail_runs", range: 0...1_000)
    }

    /// `overfitting: {blocks: 16}`: the number of blocks CSCV cuts the daily returns into.
    private mutating func decodeOverfitting(_ node: ConfigNode) -> Int? {
        guard let entries = reader.mapping(node, at: "overfitting", allowed: ["blocks"]) else { return nil }
        guard let value = entries.first?.value, let blocks = reader.integer(value, at: "overfitting.blocks", range: 2...24) else {
            return nil
        }
        guard blocks % 2 == 0 else {
            reader.error(
                value, "overfitting.blocks is \(blocks), but must be even",
                hint: "CSCV splits the blocks into two halves of equal size: use 16 (the paper's choice), 10 or 20")
            return nil
        }
        return blocks
    }

    /// Short names: the last segment where it is unique, else the whole dotted path.
    static func named(_ parameters: [GridParameter]) -> [GridParameter] {
        parameters.map { parameter in
            var renamed = parameter
            let clashes = parameters.filter { $0.path.lastSegment == parameter.path.lastSegment }.count > 1
            renamed.name = clashes ? parameter.path.dotted : parameter.path.lastSegment
            return renamed
        }
    }

    private mutating func decodeObjective(_ node: ConfigNode) -> Objective? {
        var metricNode = node
        var goal: Bool?
        if node.entries != nil {
            guard let pairs = reader.mapping(node, at: "objective", allowed: ["metric", "goal"]) else { return nil }
            guard let metric = pairs.first(where: { $0.key == "metric" })?.value else {
                reader.error(node, "objective needs a metric", hint: "write objective: {metric: sharpe_ratio, goal: maximize}")
                return nil
            }
            metricNode = metric
            if let goalNode = pairs.first(where: { $0.key == "goal" })?.value,
                let text = reader.choice(goalNode, at: "objective.goal", from: ["maximize", "minimize"])
            {
                goal = text == "maximize"
            }
        }
        guard let name = reader.string(metricNode, at: "objective") else { return nil }
        guard let metric = MetricID(rawValue: name) else {
            let names = MetricID.allCases.map(\.rawValue)
            reader.error(
                metricNode, "unknown objective metric '\(name)'\(Suggestion.didYouMean(name, in: names))",
                hint: "metrics: \(names.joined(separator: ", "))")
            return nil
        }
        return Objective(metric: metric, maximize: goal ?? (MetricRegistry.definition(metric).direction == .higher))
    }

    /// The grid's parameters: first each one's values as written (a list, or a range's
    /// arithmetic), then the grid's size from their counts (overflow-safe), and only when it is
    /// within bounds the values themselves, each checked against run.yaml.
    private mutating func decodeParameters(_ node: ConfigNode, maxRuns: Int, filtered: Bool) -> [GridParameter] {
        guard let entries = reader.mapping(node, at: "parameters", allowed: nil) else { return [] }
        if entries.isEmpty {
            reader.error(node, "parameters is empty", hint: "name at least one dotted path with start/end/step or values")
        }
        var written: [(entry: ConfigNode.Entry, path: ConfigPath, values: WrittenValues)] = []
        for entry in entries {
            guard let segments = ConfigOverride.segments(entry.key), let path = ConfigPath.resolve(segments, in: base) else {
                let suggestion = Suggestion.didYouMean(
                    entry.key, in: ConfigPath.candidates(in: base), renamed: ConfigPath.renamedPaths(in: base))
                reader.error(
                    at: entry.keyLocation, "unknown parameter '\(entry.key)'\(suggestion)",
                    hint: "a grid varies plugin parameters of the plugins run.yaml uses, platform or metrics settings, and data keys")
                continue
            }
            if path.isData, RunConfigDecoder.listsMarkets(baseRoot) {
                reader.error(
                    at: entry.keyLocation, "a grid cannot vary \(entry.key): run.yaml lists several markets",
                    hint: "every configuration runs on every market; set data keys for all markets in run.yaml")
                continue
            }
            guard let values = decodeWritten(entry.value, key: entry.key) else { continue }
            written.append((entry, path, values))
        }
        guard let first = written.first else { return [] }
        let combinations = GridExpander.combinations(written.map(\.values.count))
        if combinations > GridExpander.enumerationLimit || (!filtered && combinations > maxRuns) {
            reader.error(
                at: first.entry.keyLocation, GridExpander.tooLarge(combinations, maxRuns: maxRuns, filtered: filtered),
                hint: GridExpander.tooLargeHint)
            return []
        }
        var result: [GridParameter] = []
        for (entry, path, values) in written {
            guard let checked = checkedValues(values, path: path) else { continue }
            result.append(GridParameter(path: path, values: checked, location: entry.keyLocation, name: path.lastSegment))
        }
        return result
    }

    /// `{start, end, step}` (decimal-exact, end inclusive), `{values: [...]}` or a plain list, as
    /// written: nothing checked against run.yaml yet.
    private mutating func decodeWritten(_ node: ConfigNode, key: String) -> WrittenValues? {
        if case .sequence(let items) = node.kind { return .list(items) }
        guard let entries = reader.mapping(node, at: key, allowed: ["start", "end", "step", "values"]) else { return nil }
        let fields = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let list = fields["values"] else { return decodeRange(node, fields, key: key) }
        guard fields.count == 1 else {
            reader.error(node, "\(key) has both values and start/end/step", hint: "use one or the other")
            return nil
        }
        guard case .sequence(let items) = list.kind, !items.isEmpty else {
            reader.error(list, "\(key).values must be a non-empty list", hint: "write values: [1.5, 2, 3]")
            return nil
        }
        return .list(items)
    }

    /// The values, each checked against run.yaml; nil when one fails.
    private mutating func checkedValues(_ written: WrittenValues, path: ConfigPath) -> [ConfigValue]? {
        if case .range(let range) = written, range.count > 3 { return rangeValues(range, path: path) }
        var values: [ConfigValue] = []
        var ok = true
        for index in 0..<written.count {
            if let value = validate(written.node(index), path: path) { values.append(value) } else { ok = false }
        }
        return ok ? values : nil
    }

    /// The values of a long numeric range, checked without decoding run.yaml once per value (5
    /// million decodes took minutes): the first, second and last are checked in full, and when
    /// all three are numbers of one kind the others are too, within the same bounds (a plugin's
    /// range is an interval, and whole start and step give whole values); a probe that fails is
    /// the range's error. Otherwise each value is checked; nil when one fails.
    private mutating func rangeValues(_ range: DecimalRange, path: ConfigPath) -> [ConfigValue]? {
        let probed = [0, 1, range.count - 1]
        var checked: [Int: ConfigValue?] = [:]
        for index in probed { checked[index] = validate(range.node(index), path: path) }
        // A probe out of bounds has said so: the range is wrong, and its other values need not be read.
        if probed.contains(where: { checked[$0] ?? nil == nil }) { return nil }
        if let values = Self.sameKind(range, checked: probed.map { checked[$0] ?? nil }) { return values }
        // One by one, the probes' results kept (so no problem is reported twice).
        var values: [ConfigValue] = []
        var ok = true
        for index in 0..<range.count {
            if let value = checked[index] ?? validate(range.node(index), path: path) { values.append(value) } else { ok = false }
        }
        return ok ? values : nil
    }

    /// The range's values typed as its probes are, when all three are numbers of one kind.
    private static func sameKind(_ range: DecimalRange, checked: [ConfigValue?]) -> [ConfigValue]? {
        var kinds = Set<String>()
        for value in checked {
            guard case .param(let p)? = value else { return nil }
            switch p {
            case .integer: kinds.insert("integer")
            case .number: kinds.insert("number")
            case .boolean: return nil
            }
        }
        guard kinds.count == 1 else { return nil }
        var values: [ConfigValue] = []
        values.reserveCapacity(range.count)
        for index in 0..<range.count {
            let text = range.text(index)
            if kinds.first == "integer" {
                guard let whole = Int(text) else { return nil }
                values.append(.param(.integer(whole)))
            } else {
                guard let real = Double(text) else { return nil }
                values.append(.param(.number(real)))
            }
        }
        return values
    }

    /// start/end/step with exact decimal arithmetic; its count worked out, nothing expanded.
    private mutating func decodeRange(_ node: ConfigNode, _ fields: [String: ConfigNode], key: String) -> WrittenValues? {
        var numbers: [String: Decimal] = [:]
        for name in ["start", "end", "step"] {
            guard let field = fields[name] else {
                reader.error(node, "\(key) needs start, end and step (or values)", hint: "write {start: 5, end: 50, step: 5}")
                return nil
            }
            guard let text = reader.plainText(field), let value = Decimal(string: text), !value.isNaN, Double(text)?.isFinite == true
            else {
                reader.error(field, "\(key).\(name) must be a number, not \(reader.describe(field))")
                return nil
            }
            numbers[name] = value
        }
        let start = numbers["start"]!
        let end = numbers["end"]!
        let step = numbers["step"]!
        guard step > 0 else {
            reader.error(
                fields["step"], "\(key).step is \(step), but must be greater than 0", hint: "a range counts up from start to end by step")
            return nil
        }
        guard end >= start else {
            reader.error(fields["end"], "\(key).end (\(end)) is below start (\(start))", hint: "swap them, or use values: for a list")
            return nil
        }
        guard let count = DecimalRange.count(start: start, end: end, step: step), count <= DecimalRange.maxCount else {
            reader.error(fields["step"], "\(key) has more than 10,000,000 values", hint: "use a larger step")
            return nil
        }
        return .range(DecimalRange(start: start, step: step, count: count, location: node.location))
    }

    /// Checks one value by decoding run.yaml with it (so every rule of run.yaml applies), then reads
    /// it back typed. Rules between parameters are left to the grid, which checks them per point.
    private mutating func validate(_ valueNode: ConfigNode, path: ConfigPath) -> ConfigValue? {
        let segments = path.dotted.split(separator: ".").map(String.init)
        do {
            let root = try ConfigOverride(path: segments, value: valueNode, keyLocation: valueNode.location).apply(to: baseRoot)
            let config = try RunConfigDecoder.decode(root, file: runFile, folder: folder, checkRules: false)
            return path.value(in: config)
        } catch let list as DiagnosticList {
            for diagnostic in list.diagnostics where !reader.diagnostics.contains(diagnostic) { reader.append(diagnostic) }
        } catch let diagnostic as Diagnostic {
            reader.append(diagnostic)
        } catch {
            reader.error(valueNode, "\(error)")
        }
        return nil
    }

    /// Parses a list of constraints; names resolve through `slot`.
    private mutating func parseConstraints(_ node: ConfigNode?, key: String, names: [String], slot: (String) -> Int?) -> [Constraint] {
        guard let node else { return [] }
        let items: [ConfigNode]
        if case .sequence(let list) = node.kind { items = list } else { items = [node] }
        var result: [Constraint] = []
        for entry in items {
            // In require, {all_markets: "sharpe_ratio > 0"} must hold on every market.
            var item = entry
            var allMarkets = false
            if key == "require", let fields = entry.entries {
                guard let mapping = reader.mapping(entry, at: "require", allowed: ["all_markets"]), let value = mapping.first?.value else {
                    if fields.isEmpty {
                        reader.error(entry, "require's mapping is empty", hint: "write {all_markets: \"sharpe_ratio > 0\"}")
                    }
                    continue
                }
                item = value
                allMarkets = true
            }
            guard case .scalar(let text, let plain) = item.kind, !item.isNull else {
                reader.error(item, "\(key) constraints must be text such as \"fast < slow\"")
                continue
            }
            let offset = plain ? 0 : 1  // a quoted scalar's text starts after its quote
            do {
                let expression = try ExpressionParser.parse(text) { name, column in
                    if let index = slot(name) { return .success(index) }
                    return .failure(
                        ExpressionError(
                            column: column, message: "unknown name '\(name)' in \(key)\(Suggestion.didYouMean(name, in: names))",
                            hint: "names here: \(names.joined(separator: ", "))"))
                }
                result.append(Constraint(text: text, expression: expression, allMarkets: allMarkets))
            } catch {
                var location = item.location
                location.column = item.location.column.map { $0 + offset + error.column - 1 }
                reader.error(at: location, error.message, hint: error.hint)
            }
        }
        return result
    }
}
