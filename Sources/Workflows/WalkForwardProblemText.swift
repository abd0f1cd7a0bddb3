import Engine
import Study

/// Says why walk-forward windows do not fit the data, at the setting in walkforward.yaml to change.
enum WalkForwardProblemText {
    static func diagnostic(_ problem: WalkForwardWindows.Problem, spec: WalkForwardSpec, settings: WalkForwardWindows.Settings)
        -> Diagnostic
    {
        let places = spec.locations
        let lengths = "in_sample \(text(settings.inSample)) and out_of_sample \(text(settings.outOfSample))"
        switch problem {
        case .firstTradeAfterData(let lastBar):
            let first = settings.firstTrade.map(date) ?? "?"
            return places.firstTrade.diagnostic(
                "the walk-forward starts trading on \(first), after the data's last bar (\(date(lastBar)))",
                hint: "move first_trade (or run.yaml's data.trade_start) into the data, or add data")
        case .noWindowFits(let windowEnd, let bars, let lastBar, let barCount):
            let need =
                windowEnd.map { "end on \(date($0))" } ?? bars.map { "need \($0) bars from the first trade" } ?? "do not fit the data"
            return places.inSample.diagnostic(
                "no walk-forward window fits the data: \(lengths) \(need), but the data ends on \(date(lastBar)) with \(barCount) bars from the first trade",
                hint: "shorten in_sample or out_of_sample, start trading earlier (first_trade), or add data")
        case .tooFewBars(let outOfSample, let window, let bars):
            let key = outOfSample ? "out_of_sample" : "in_sample"
            return (outOfSample ? places.outOfSample : places.inSample).diagnostic(
                "\(key) \(text(outOfSample ? settings.outOfSample : settings.inSample)) holds \(bars) bar\(bars == 1 ? "" : "s") in window \(window + 1)",
                hint: "a window's range needs at least 2 bars: make \(key) longer")
        case .overlapping(let window):
            return places.step.diagnostic(
                "step \(text(settings.step)) is shorter than out_of_sample \(text(settings.outOfSample)): the out-of-sample ranges of windows \(window + 1) and \(window + 2) overlap",
                hint: "the stitched out-of-sample equity would count those bars twice: use a step of at least out_of_sample (the default)")
        case .tooMany(let limit):
            return places.step.diagnostic("the walk-forward has more than \(limit) windows", hint: "use a longer step")
        case .mixedKinds(let step):
            let (key, length, place) =
                step ? ("step", settings.step, places.step) : ("out_of_sample", settings.outOfSample, places.outOfSample)
            let (otherKey, other) = step ? ("out_of_sample", settings.outOfSample) : ("in_sample", settings.inSample)
            return place.diagnostic(
                "\(key) \(text(length)) is \(length.isBars ? "a number of bars" : "a duration"), but \(otherKey) \(text(other)) is \(other.isBars ? "a number of bars" : "a duration")",
                hint: "use one kind for in_sample, out_of_sample and step: all durations (3y, 6mo) or all numbers of bars (756, 126)")
        case .firstTradeBeforeData(let firstBar):
            let first = settings.firstTrade.map(date) ?? "?"
            return places.firstTrade.diagnostic(
                "first_trade \(first) is before the data's first bar (\(date(firstBar))): the first in-sample range holds too few bars",
                hint: "move first_trade into the data, or leave it out to start at the first bar")
        }
    }

    static func text(_ length: WindowLength) -> String {
        if case .bars(let n) = length { return "(\(n) bar\(n == 1 ? "" : "s"))" }
        return length.description
    }

    static func date(_ millis: Int64) -> String { DateText.start(millis) }
}
