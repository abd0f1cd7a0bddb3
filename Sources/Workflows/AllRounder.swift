import Engine

/// Which variant is the best all-rounder (DESIGN section 9): each variant ranked among the others
/// on every chosen metric on every market, and ordered by its mean rank.
///
/// Ranks run from 1 (best) by each metric's direction; equal values share the mean of their ranks;
/// a variant without a value (its run failed, or the metric is undefined) ranks below every value.
/// Equal mean ranks keep the baseline first, then variant.yaml's order.
public struct AllRounder: Sendable, Equatable {
    /// `ranks[v][m][k]`: variant v's rank on market m by metric k.
    public let ranks: [[[Double]]]
    /// Each variant's mean rank over every metric and market.
    public let meanRanks: [Double]
    /// `marketRanks[v][m]`: variant v's mean rank over the metrics on market m.
    public let marketRanks: [[Double]]
    /// The variants, the all-rounder first.
    public let order: [Int]

    /// Ranks `values[v][m][k]` (variant v's value of metric k on market m); `higherIsBetter[k]`.
    public init(values: [[[Double?]]], higherIsBetter: [Bool], baseline: Int) {
        let variants = values.count
        let markets = values.first?.count ?? 0
        var ranks = [[[Double]]](
            repeating: [[Double]](repeating: [Double](repeating: 0, count: higherIsBetter.count), count: markets), count: variants)
        for m in 0..<markets {
            for k in higherIsBetter.indices {
                let column = Self.fractionalRanks((0..<variants).map { values[$0][m][k] }, higherIsBetter: higherIsBetter[k])
                for v in 0..<variants { ranks[v][m][k] = column[v] }
            }
        }
        self.ranks = ranks
        marketRanks = ranks.map { markets in markets.map { $0.isEmpty ? 0 : $0.reduce(0, +) / Double($0.count) } }
        meanRanks = ranks.map { variant in
            let all = variant.flatMap { $0 }
            return all.isEmpty ? 0 : all.reduce(0, +) / Double(all.count)
        }
        let meanRanks = meanRanks
        order = (0..<variants).sorted { a, b in
            (meanRanks[a], a == baseline ? 0 : 1, a) < (meanRanks[b], b == baseline ? 0 : 1, b)
        }
    }

    /// Ranks from 1 (best) of `values`; ties share their mean rank; nil values rank last, sharing.
    public static func fractionalRanks(_ values: [Double?], higherIsBetter: Bool) -> [Double] {
        let order = values.indices.sorted { a, b in
            switch (values[a], values[b]) {
            case (let x?, let y?): return higherIsBetter ? x > y : x < y
            case (.some, nil): return true
            default: return false
            }
        }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
            // Positions start..<end (ranks start + 1 ... end) share their mean.
            let shared = Double(start + 1 + end) / 2
            for position in start..<end { result[order[position]] = shared }
            start = end
        }
        return result
    }
}
