/// The runs no other run beats on both counts: none has a return as high or higher with a
/// drawdown as low or lower, and better on one of the two (DESIGN section 7, return against
/// drawdown). Runs with equal return and drawdown are on the front together or not at all.
public enum ParetoFront {
    /// The indices of `points` on the front, by drawdown ascending (return then ascending too);
    /// points with a non-finite value are left out.
    public static func indices(_ points: [(drawdown: Double, total: Double)]) -> [Int] {
        let finite = points.indices.filter { points[$0].drawdown.isFinite && points[$0].total.isFinite }
        // Lowest drawdown first, the highest return first among equal drawdowns; a point is on
        // the front when its return beats every point before it (equal points go with the first).
        let sorted = finite.sorted {
            let a = points[$0]
            let b = points[$1]
            return a.drawdown != b.drawdown ? a.drawdown < b.drawdown : a.total != b.total ? a.total > b.total : $0 < $1
        }
        var front: [Int] = []
        var best = -Double.infinity
        var last: (drawdown: Double, total: Double)?
        for index in sorted {
            let point = points[index]
            if let last, point.drawdown == last.drawdown && point.total == last.total {
                front.append(index)
                continue
            }
            if point.total > best {
                front.append(index)
                best = point.total
                last = point
            }
        }
        return front
    }
}
