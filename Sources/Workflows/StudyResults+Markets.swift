import Engine
import Foundation
import Study

extension StudyResults {
    /// aggregate.csv, for a study of several markets: one row per configuration, its rank and
    /// `meets_require`, its aggregate metrics and the objective on each market (nil otherwise).
    public var aggregateCSV: String? {
        guard let markets else { return nil }
        let names = parameterNames()
        let objective = study.optimization?.objective.metric ?? .sharpeRatio
        let header =
            ["configuration", "kind", "name"] + names + ["rank", "meets_require"] + MetricID.allCases.map(\.rawValue)
            + markets.markets.map { "\(objective.rawValue)@\($0.name)" } + ["error"]
        var lines = [header.map(Self.csvField).joined(separator: ",")]
        for c in configurations.indices {
            var fields = [String(c + 1), kind(of: c), study.label(configuration: c)] + gridFields(c, parameters: names.count)
            let metrics = configurations[c].outcome.metrics
            fields += MetricID.allCases.map { id in metrics?[id].map(NumberText.format) ?? "" }
            fields += markets.runs[c].map { $0.outcome.metrics?[objective].map(NumberText.format) ?? "" }
            fields.append(configurations[c].outcome.error ?? "")
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// results.json's markets and configurations, for a study of several markets.
    var marketsJSON: [(String, JSONValue)] {
        guard let markets else { return [] }
        let names = parameterNames()
        let objective = study.optimization?.objective.metric ?? .sharpeRatio
        let list: [JSONValue] = markets.markets.map { market in
            let source: String
            switch market.data.source {
            case .file(_, let shown): source = shown
            case .synthetic(let s): source = "synthetic seed \(s.seed)"
            }
            return .object([("name", .string(market.name)), ("data", .string(source))])
        }
        let configurationCount = configurations.count
        let rows = JSONValue.generated(count: configurationCount) { c in
            var r: [(String, JSONValue)] = [
                ("configuration", .integer(c + 1)), ("kind", .string(kind(of: c))), ("name", .string(study.label(configuration: c))),
            ]
            if c < study.gridPoints.count {
                r.append(
                    (
                        "parameters",
                        .object(zip(names, study.gridPoints[c]).map { ($0, $1.number.map(JSONValue.number) ?? .string($1.description)) })
                    ))
                r.append(("rank", optimization?.ranks[c].map(JSONValue.integer) ?? .null))
            }
            let outcome = configurations[c].outcome
            r.append(
                (
                    "metrics",
                    outcome.metrics.map { m in .object(MetricID.allCases.map { ($0.rawValue, m[$0].map(JSONValue.number) ?? .null) }) }
                        ?? .null
                ))
            r.append(
                (
                    "objective_by_market",
                    .object(
                        zip(markets.markets, markets.runs[c]).map {
                            ($0.name, $1.outcome.metrics?[objective].map(JSONValue.number) ?? .null)
                        })
                ))
            r.append(("error", outcome.error.map(JSONValue.string) ?? .null))
            return .object(r)
        }
        return [("markets", .array(list)), ("aggregate", .string(markets.aggregate.rawValue)), ("configurations", rows)]
    }

    /// results.json's all-rounder, for a variant test over several markets: the variants best
    /// first, their mean ranks, and each market's best per metric and mean ranks.
    func allRounderJSON(_ spec: VariantSpec, _ comparison: VariantComparison) -> [(String, JSONValue)] {
        guard let allRounder = comparison.allRounder else { return [] }
        let names = spec.variants.map(\.name)
        let byMarket: [(String, JSONValue)] = study.markets.indices.map { m in
            let best = comparison.perMarket[m].best
            return (
                study.markets[m].name,
                .object([
                    ("best", .object(spec.metrics.map { ($0.rawValue, .array((best[$0] ?? []).map { .string(names[$0]) })) })),
                    ("mean_ranks", .object(names.indices.map { (names[$0], .number(allRounder.marketRanks[$0][m])) })),
                ])
            )
        }
        return [
            (
                "all_rounder",
                .object([
                    ("order", .array(allRounder.order.map { .string(names[$0]) })),
                    ("mean_ranks", .object(names.indices.map { (names[$0], .number(allRounder.meanRanks[$0])) })),
                    ("by_market", .object(byMarket)),
                ])
            )
        ]
    }
}
