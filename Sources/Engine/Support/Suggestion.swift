/// "Did you mean" suggestions for misspelt names.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a plausible typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let limit = max(2, min(word.count, best.name.count) / 3)
        if best.distance <= limit { return best.name }
        // A leading part (`sharpe` for `sharpe_ratio`), or an abbreviation word by word
        // (`fixed_pct_exit` for `fixed_percentage_exit`).
        if lowered.count >= 3, let whole = candidates.first(where: { $0.lowercased().hasPrefix(lowered + "_") }) { return whole }
        return candidates.first { abbreviates(lowered, $0.lowercased()) }
    }

    /// Whether each `_`-separated word of `short` starts like, and is a subsequence of, the
    /// corresponding word of `long`.
    static func abbreviates(_ short: String, _ long: String) -> Bool {
        let a = short.split(separator: "_")
        let b = long.split(separator: "_")
        guard a.count == b.count, a != b else { return false }
        return zip(a, b).allSatisfy { part, word in
            guard part.first == word.first else { return false }
            var rest = word[...]
            for character in part {
                guard let found = rest.firstIndex(of: character) else { return false }
                rest = rest[rest.index(after: found)...]
            }
            return true
        }
    }

    /// Formats ` (did you mean 'x'?)`, or an empty string when nothing is close. A former name
    /// listed in `renamed` (old -> current) suggests its current name, which spelling alone
    /// rarely finds when an abbreviation was written out.
    public static func didYouMean(_ word: String, in candidates: [String], renamed: [String: String] = [:]) -> String {
        if let current = renamed[word], candidates.contains(current) { return " (did you mean '\(current)'? it was renamed)" }
        return closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Damerau-Levenshtein distance (optimal string alignment), so a swap of two letters costs 1.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
