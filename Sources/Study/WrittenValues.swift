import Foundation

/// A grid parameter's values as optimization.yaml writes them, before any is checked: a list's
/// nodes, or a range that is only arithmetic until its values are needed.
enum WrittenValues {
    case list([ConfigNode])
    case range(DecimalRange)

    var count: Int {
        switch self {
        case .list(let nodes): nodes.count
        case .range(let range): range.count
        }
    }

    /// Value `index` as a node at its place in the file.
    func node(_ index: Int) -> ConfigNode {
        switch self {
        case .list(let nodes): nodes[index]
        case .range(let range): range.node(index)
        }
    }
}

/// `{start, end, step}` in exact decimal arithmetic: value i is start + i·step, `count` of them.
struct DecimalRange {
    /// The most values one range may have.
    static let maxCount = 10_000_000

    let start: Decimal
    let step: Decimal
    let count: Int
    let location: SourceLocation

    /// Value `index` as written in decimal (`5`, `0.25`).
    func text(_ index: Int) -> String { "\(start + Decimal(index) * step)" }

    func node(_ index: Int) -> ConfigNode { ConfigNode(.scalar(text(index), plain: true), at: location) }

    /// How many values start, start + step, ... up to end (inclusive) are; nil when more than
    /// `maxCount` (worked out in decimal, so no count overflows).
    static func count(start: Decimal, end: Decimal, step: Decimal) -> Int? {
        var quotient = (end - start) / step
        var whole = Decimal()
        NSDecimalRound(&whole, &quotient, 0, .down)
        guard !whole.isNaN, whole >= 0, whole < Decimal(maxCount) else { return nil }
        var count = NSDecimalNumber(decimal: whole).intValue + 1
        // The quotient is rounded to 38 digits: a last value just past end is not one.
        while count > 1, start + Decimal(count - 1) * step > end { count -= 1 }
        return count
    }
}
