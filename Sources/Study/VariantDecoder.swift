import Engine
import Foundation

/// Reads variant.yaml against run.yaml.
struct VariantDecoder {
    static let keys = ["baseline", "variants", "metrics"]

    private var reader: NodeReader
    private let baseRoot: ConfigNode
    private let runFile: String
    private let folder: URL

    static func decode(_ root: ConfigNode?, file: String, baseRoot: ConfigNode, runFile: String, folder: URL) throws -> VariantSpec {
        var decoder = VariantDecoder(reader: NodeReader(file: file), baseRoot: baseRoot, runFile: runFile, folder: folder)
        let spec = decoder.decode(root)
        if !decoder.reader.diagnostics.isEmpty { throw DiagnosticList(NodeReader.sorted(decoder.reader.diagnostics)) }
        guard let spec else { throw DiagnosticList([Diagnostic(file: file, message: "the variant test is incomplete")]) }
        return spec
    }

    private mutating func decode(_ root: ConfigNode?) -> VariantSpec? {
        guard let root, !root.isNull else {
            reader.error(nil, "variant.yaml is empty", hint: "it needs variants: [{name: Baseline}, {name: ..., overrides: {...}}]")
            return nil
        }
        guard let entries = reader.mapping(root, at: "", allowed: Self.keys) else { return nil }
        var baselineNode: ConfigNode?
        var variants: [Variant] = []
        var metrics = VariantSpec.defaultMetrics
        var sawVariants = false
        for entry in entries {
            switch entry.key {
            case "baseline": baselineNode = entry.value
            case "variants":
                sawVariants = true
                variants = decodeVariants(entry.value)
            case "metrics": metrics = decodeMetrics(entry.value) ?? metrics
            default: break
            }
        }
        if !sawVariants {
            reader.error(root, "variant.yaml needs variants", hint: "add variants: [{name: Baseline}, {name: High RR, overrides: {...}}]")
        }
        guard !variants.isEmpty else { return nil }
        var baseline = 0
        if let baselineNode, let name = reader.string(baselineNode, at: "baseline") {
            if let index = variants.firstIndex(where: { $0.name == name }) {
                baseline = index
            } else {
                let names = variants.map(\.name)
                reader.error(
                    baselineNode, "baseline '\(name)' is not one of the variants\(Suggestion.didYouMean(name, in: names))",
                    hint: "variants: \(names.joined(separator: ", "))")
            }
        }
        return VariantSpec(variants: variants, baseline: baseline, metrics: metrics)
    }

    private mutating func decodeMetrics(_ node: ConfigNode) -> [MetricID]? {
        guard case .sequence(let items) = node.kind, !items.isEmpty else {
            reader.error(node, "metrics must be a list of metric ids", hint: "write metrics: [sharpe_ratio, max_drawdown]")
            return nil
        }
        let names = MetricID.allCases.map(\.rawValue)
        return items.compactMap { item in
            guard let name = reader.string(item, at: "metrics") else { return nil }
            guard let metric = MetricID(rawValue: name) else {
                reader.error(
                    item, "unknown metric '\(name)'\(Suggestion.didYouMean(name, in: names))",
                    hint: "metrics: \(names.joined(separator: ", "))")
                return nil
            }
            return metric
        }
    }

    private mutating func decodeVariants(_ node: ConfigNode) -> [Variant] {
        guard case .sequence(let items) = node.kind, !items.isEmpty else {
            reader.error(
                node, "variants must be a non-empty list", hint: "write variants: [{name: Baseline}, {name: ..., overrides: {...}}]")
            return []
        }
        var result: [Variant] = []
        var seen: [String: SourceLocation] = [:]
        for (index, item) in items.enumerated() {
            guard let fields = reader.mapping(item, at: "variants[\(index)]", allowed: ["name", "description", "overrides"]) else {
                continue
            }
            guard let nameNode = fields.first(where: { $0.key == "name" })?.value else {
                reader.error(item, "variants[\(index)] needs a name", hint: "add name: ...")
                continue
            }
            guard let name = reader.string(nameNode, at: "variants[\(index)].name") else { continue }
            if let first = seen[name] {
                reader.error(
                    nameNode, "duplicate variant name '\(name)' (first used at line \(first.line ?? 0))",
                    hint: "give every variant its own name")
                continue
            }
            seen[name] = nameNode.location
            var root = baseRoot
            var written: [(path: String, value: String)] = []
            var ok = true
            if let overrides = fields.first(where: { $0.key == "overrides" })?.value, !overrides.isNull {
                guard let entries = reader.mapping(overrides, at: "variants[\(index)].overrides", allowed: nil) else { continue }
                for entry in entries {
                    if RunConfigDecoder.listsMarkets(baseRoot), entry.key == "data" || entry.key.hasPrefix("data.") {
                        reader.error(
                            at: entry.keyLocation, "a variant cannot override \(entry.key): run.yaml lists several markets",
                            hint: "every variant runs on every market of run.yaml; change the markets there")
                        ok = false
                        continue
                    }
                    guard let path = ConfigOverride.segments(entry.key) else {
                        reader.error(at: entry.keyLocation, "override path '\(entry.key)' has an empty segment")
                        ok = false
                        continue
                    }
                    do {
                        root = try ConfigOverride(path: path, value: entry.value, keyLocation: entry.keyLocation).apply(to: root)
                        written.append((entry.key, entry.value.flowText))
                    } catch let diagnostic as Diagnostic {
                        reader.append(diagnostic)
                        ok = false
                    } catch {
                        ok = false
                    }
                }
            }
            guard ok else { continue }
            do {
                let config = try RunConfigDecoder.decode(root, file: runFile, folder: folder)
                result.append(Variant(name: name, config: config, overrides: written))
            } catch let list as DiagnosticList {
                for diagnostic in list.diagnostics { reader.append(diagnostic) }
            } catch let diagnostic as Diagnostic {
                reader.append(diagnostic)
            } catch {
                reader.error(item, "\(error)")
            }
        }
        return result
    }
}
