import Engine
import Foundation
import Study

extension StudyResults {
    /// walkforward.csv: one row per window, with several markets market by market after a
    /// `market` column (nil for a study without a walk-forward).
    public var walkForwardCSV: String? {
        guard !walkForwards.isEmpty, let spec = study.optimization else { return nil }
        let objective = spec.objective.metric.rawValue
        let several = study.markets.count > 1
        let header =
            (several ? ["market"] : [])
            + [
                "window", "in_sample_start", "in_sample_end", "out_of_sample_start", "out_of_sample_end", "in_sample_bars",
                "out_of_sample_bars",
            ]
            + spec.parameters.map(\.name)
            + [
                "skipped", "ranked", "in_sample_\(objective)", "out_of_sample_\(objective)", "in_sample_cagr", "out_of_sample_cagr",
                "out_of_sample_return", "out_of_sample_trades", "efficiency", "deflated_sharpe_ratio", "pbo", "in_sample_hash",
                "out_of_sample_hash",
            ]
        var lines = [header.map(Self.csvField).joined(separator: ",")]
        for walkForward in walkForwards {
            lines += walkForwardRows(walkForward, spec: spec, market: several ? study.markets[walkForward.market].name : nil)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// walkforward.csv's rows of one market's walk-forward (after a `market` field, with several).
    func walkForwardRows(_ walkForward: WalkForwardResults, spec: OptimizationSpec, market: String?) -> [String] {
        func number(_ value: Double?) -> String { value.map(NumberText.format) ?? "" }
        var lines: [String] = []
        for (k, window) in walkForward.windows.enumerated() {
            let range = window.window
            var fields: [String] = market.map { [$0] } ?? []
            fields += [
                String(k + 1), DateText.start(range.inSample.tradeStart), DateText.end(range.inSample.end),
                DateText.start(range.outOfSample.tradeStart), DateText.end(range.outOfSample.end), String(range.inSample.bars.count),
                String(range.outOfSample.bars.count),
            ]
            fields += spec.parameters.indices.map { i in window.chosen.map { study.gridPoints[$0][i].description } ?? "" }
            let inSample = window.inSample?.outcome.metrics
            let outOfSample = window.outOfSample?.outcome.metrics
            fields += [
                String(window.isSkipped), String(window.ranked), number(inSample?[spec.objective.metric]),
                number(outOfSample?[spec.objective.metric]), number(inSample?[.cagr]), number(outOfSample?[.cagr]),
                number(outOfSample?[.totalReturn]), number(outOfSample?[.totalTrades]), number(window.efficiency),
                number(window.robustness.deflatedSharpe), number(window.robustness.overfitting?.probabilityOfOverfitting),
                window.inSample?.hash ?? "", window.outOfSample?.hash ?? "",
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines
    }

    /// results.json's walk-forward section: with several markets, each market's (named) and
    /// their aggregate.
    var walkForwardJSON: JSONValue? {
        guard let first = walkForwards.first else { return nil }
        guard let aggregate = walkForwardAggregate else { return walkForwardJSON(first) }
        func curve(_ curve: WalkForwardAggregate.Curve?) -> JSONValue {
            curve.map { c in .object(MetricID.allCases.map { ($0.rawValue, c.metrics[$0].map(JSONValue.number) ?? .null) }) } ?? .null
        }
        let markets: [JSONValue] = walkForwards.map { walkForward in
            guard case .object(let members) = walkForwardJSON(walkForward) ?? .null else { return .null }
            return .object([("market", .string(study.markets[walkForward.market].name))] + members)
        }
        return .object([
            ("markets", .array(markets)),
            (
                "aggregate",
                .object([
                    ("windows", .integer(aggregate.windows)), ("traded", .integer(aggregate.traded)),
                    ("profitable", .integer(aggregate.profitable)), ("efficiency", aggregate.efficiency.map(JSONValue.number) ?? .null),
                    ("stitched_metrics", curve(aggregate.stitched)), ("hindsight_metrics", curve(aggregate.hindsight)),
                ])
            ),
        ])
    }

    /// One market's walk-forward in results.json.
    func walkForwardJSON(_ walkForward: WalkForwardResults) -> JSONValue? {
        guard let spec = study.optimization else { return nil }
        let settings = walkForward.settings
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        func metrics(_ run: StudyResults.Run?) -> JSONValue {
            guard let metrics = run?.outcome.metrics else { return .null }
            return .object(MetricID.allCases.map { ($0.rawValue, number(metrics[$0])) })
        }
        func range(_ r: TradingRange) -> JSONValue {
            .object([
                ("start", .string(DateText.start(r.tradeStart))), ("end", .string(DateText.end(r.end))), ("bars", .integer(r.bars.count)),
            ])
        }
        let windows: [JSONValue] = walkForward.windows.map { window in
            .object([
                ("in_sample", range(window.window.inSample)), ("out_of_sample", range(window.window.outOfSample)),
                (
                    "parameters",
                    window.chosen.map { point in
                        .object(
                            zip(spec.parameters, study.gridPoints[point]).map {
                                ($0.name, $1.number.map(JSONValue.number) ?? .string($1.description))
                            })
                    } ?? .null
                ),
                ("skipped", .bool(window.isSkipped)), ("ranked", .integer(window.ranked)),
                ("in_sample_metrics", metrics(window.inSample)), ("out_of_sample_metrics", metrics(window.outOfSample)),
                ("efficiency", number(window.efficiency)), ("robustness", window.robustness.json),
                ("in_sample_hash", window.inSample.map { .string($0.hash) } ?? .null),
                ("out_of_sample_hash", window.outOfSample.map { .string($0.hash) } ?? .null),
            ])
        }
        let stability = walkForward.stability
        return .object([
            (
                "settings",
                .object([
                    ("in_sample", .string(settings.inSample.description)), ("out_of_sample", .string(settings.outOfSample.description)),
                    ("step", .string(settings.step.description)), ("anchored", .bool(settings.anchored)),
                    ("first_trade", settings.firstTrade.map { .string(DateText.start($0)) } ?? .null),
                ])
            ),
            ("windows", .array(windows)), ("traded", .integer(walkForward.traded)), ("profitable", .integer(walkForward.profitable)),
            ("efficiency", number(walkForward.efficiency)),
            (
                "stitched_metrics",
                walkForward.stitched.map { s in .object(MetricID.allCases.map { ($0.rawValue, number(s.metrics[$0])) }) } ?? .null
            ),
            (
                "hindsight",
                walkForward.hindsight.map { h in
                    .object([("run", .integer(h.point + 1)), ("config_hash", .string(h.run.hash)), ("metrics", metrics(h.run))])
                } ?? .null
            ),
            (
                "stability",
                .object([
                    ("transitions", .integer(stability.transitions)), ("unchanged", .integer(stability.unchanged)),
                    (
                        "parameters",
                        .array(
                            stability.parameters.map { p in
                                .object([
                                    ("name", .string(p.name)), ("distinct", .integer(p.distinct)), ("changes", .integer(p.changes)),
                                    ("mean_step", .number(p.meanStep)),
                                ])
                            })
                    ),
                ])
            ),
        ])
    }
}
