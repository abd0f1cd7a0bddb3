import Testing

@testable import Engine

/// Walk-forward windows cut by hand: bar counts, calendar durations, anchoring, the last window's
/// completeness, and every way a setting can fail to fit.
@Suite struct WalkForwardWindowsTests {
    static let day = UTCDate.millisPerDay
    /// Weekday daily bars from `start` (a date) for `count` bars.
    static func weekdays(from start: Int64, count: Int) -> [Int64] {
        SyntheticSource(seed: 1, bars: count, timeframe: Timeframe("1d")!, start: start).generate().time
    }

    static func date(_ y: Int, _ m: Int, _ d: Int) -> Int64 { UTCDate.days(year: y, month: m, day: d) * day }

    static func settings(_ inSample: String, _ outOfSample: String, step: String? = nil, anchored: Bool = false, first: Int64? = nil)
        -> WalkForwardWindows.Settings
    {
        WalkForwardWindows.Settings(
            inSample: WindowLength(inSample)!, outOfSample: WindowLength(outOfSample)!, step: WindowLength(step ?? outOfSample)!,
            anchored: anchored, firstTrade: first)
    }

    @Test func barCountsRollByTheStepAndStopAtTheLastCompleteWindow() throws {
        let times = (0..<20).map { Int64($0) * Self.day }
        let windows = try WalkForwardWindows.windows(times: times, settings: Self.settings("6", "3"))
        // IS [0,6) OOS [6,9); [3,9) [9,12); [6,12) [12,15); [9,15) [15,18); the next would need bar 20.
        #expect(windows.map(\.inSample.bars) == [0..<6, 3..<9, 6..<12, 9..<15])
        #expect(windows.map(\.outOfSample.bars) == [6..<9, 9..<12, 12..<15, 15..<18])
        // Trading ranges of bar counts: first bar's time to last bar's time.
        #expect(windows[1].inSample.tradeStart == 3 * Self.day && windows[1].inSample.end == 8 * Self.day)
        #expect(windows[1].outOfSample.tradeStart == 9 * Self.day && windows[1].outOfSample.end == 11 * Self.day)
        let anchored = try WalkForwardWindows.windows(times: times, settings: Self.settings("6", "3", anchored: true))
        #expect(anchored.map(\.inSample.bars) == [0..<6, 0..<9, 0..<12, 0..<15])
        #expect(anchored.map(\.outOfSample) == windows.map(\.outOfSample))
        // A step longer than the out-of-sample range leaves gaps between the windows.
        let gaps = try WalkForwardWindows.windows(times: times, settings: Self.settings("6", "3", step: "5"))
        #expect(gaps.map(\.outOfSample.bars) == [6..<9, 11..<14, 16..<19])
        // A full last window is used: 18 bars hold exactly [9,15) [15,18).
        #expect(try WalkForwardWindows.windows(times: Array(times.prefix(18)), settings: Self.settings("6", "3")).count == 4)
    }

    @Test func durationsFollowTheCalendarFromTheFirstTrade() throws {
        let times = Self.weekdays(from: Self.date(2015, 1, 1), count: 521)  // 2015-01-01 (Thu) to 2016-12-29 (Thu)
        #expect(times.last == Self.date(2016, 12, 29))
        let settings = Self.settings("1y", "6mo", first: Self.date(2015, 1, 1))
        let windows = try WalkForwardWindows.windows(times: times, settings: settings)
        // The second window's out-of-sample range ends at 2017-01-01 (a Sunday): its last bar is
        // due on Friday 30 December, which the data does not reach yet.
        #expect(windows.count == 1)
        let w = windows[0]
        #expect(w.inSample.tradeStart == Self.date(2015, 1, 1) && w.inSample.end == Self.date(2016, 1, 1) - 1)
        #expect(w.outOfSample.tradeStart == Self.date(2016, 1, 1) && w.outOfSample.end == Self.date(2016, 7, 1) - 1)
        #expect(times[w.outOfSample.bars.lowerBound] == Self.date(2016, 1, 1))  // a Friday
        #expect(times[w.outOfSample.bars.upperBound - 1] == Self.date(2016, 6, 30))
        // One more bar, Friday 30 December: the second window is complete (weekday-only data has
        // no bar due on the weekend before the boundary).
        let more = Self.weekdays(from: Self.date(2015, 1, 1), count: 522)
        let two = try WalkForwardWindows.windows(times: more, settings: settings)
        #expect(two.count == 2)
        #expect(two[1].inSample.tradeStart == Self.date(2015, 7, 1) && two[1].outOfSample.end == Self.date(2017, 1, 1) - 1)
        // Anchored: every in-sample range starts at the first trade.
        let anchored = try WalkForwardWindows.windows(
            times: more, settings: Self.settings("1y", "6mo", anchored: true, first: Self.date(2015, 1, 1)))
        #expect(anchored.map(\.inSample.tradeStart) == [Self.date(2015, 1, 1), Self.date(2015, 1, 1)])
        #expect(anchored.map(\.inSample.end) == [Self.date(2016, 1, 1) - 1, Self.date(2016, 7, 1) - 1])
        // Without a first trade, durations count from the first bar.
        let fromFirstBar = try WalkForwardWindows.windows(times: more, settings: Self.settings("1y", "6mo"))
        #expect(fromFirstBar.map(\.inSample.tradeStart) == [Self.date(2015, 1, 1), Self.date(2015, 7, 1)])
    }

    @Test func monthEndFirstTradesNeitherDriftNorLeaveGapsBetweenWindows() throws {
        // From 31 January, one-month steps: every boundary is counted from the 31st itself, and
        // each out-of-sample range ends exactly where the next one starts.
        let times = Self.weekdays(from: Self.date(2018, 1, 1), count: 700)
        let windows = try WalkForwardWindows.windows(times: times, settings: Self.settings("1y", "1mo", first: Self.date(2019, 1, 31)))
        #expect(windows.count >= 6)
        #expect(
            windows.prefix(5).map(\.outOfSample.tradeStart) == [
                Self.date(2020, 1, 31), Self.date(2020, 2, 29), Self.date(2020, 3, 31), Self.date(2020, 4, 30), Self.date(2020, 5, 31),
            ])
        for (a, b) in zip(windows, windows.dropFirst()) {
            #expect(a.outOfSample.bars.upperBound == b.outOfSample.bars.lowerBound)
            #expect(a.outOfSample.end + 1 == b.outOfSample.tradeStart)
        }
        // Three-month windows from 31 December: no trading day falls between two windows.
        let quarters = try WalkForwardWindows.windows(times: times, settings: Self.settings("1y", "3mo", first: Self.date(2017, 12, 31)))
        for (a, b) in zip(quarters, quarters.dropFirst()) { #expect(a.outOfSample.bars.upperBound == b.outOfSample.bars.lowerBound) }
    }

    @Test func monthsKeepTheDayOfTheMonthClampedAndNeverDrift() throws {
        let month = try #require(WindowLength("1mo"))
        #expect(month.advance(Self.date(2015, 1, 31)) == Self.date(2015, 2, 28))
        #expect(month.advance(Self.date(2016, 1, 31)) == Self.date(2016, 2, 29))
        #expect(month.advance(Self.date(2015, 1, 31), times: 2) == Self.date(2015, 3, 31))
        #expect(WindowLength("1y")?.advance(Self.date(2016, 2, 29)) == Self.date(2017, 2, 28))
        #expect(WindowLength("2w")?.advance(Self.date(2015, 1, 1) + 3_600_000) == Self.date(2015, 1, 15) + 3_600_000)
        #expect(WindowLength("11mo")?.advance(Self.date(2015, 3, 15)) == Self.date(2016, 2, 15))
        #expect(WindowLength("756") == .bars(756) && WindowLength("6mo") == .duration(6, .months))
        for bad in ["0", "-3", "3x", "1.5y", "y", "", "mo", "0d", "2000000"] { #expect(WindowLength(bad) == nil, "\(bad)") }
    }

    @Test func settingsThatDoNotFitAreNamedProblems() {
        let times = (0..<20).map { Int64($0) * Self.day }
        #expect(throws: WalkForwardWindows.Problem.noWindowFits(windowEnd: nil, bars: 21, lastBar: 19 * Self.day, barCount: 20)) {
            try WalkForwardWindows.windows(times: times, settings: Self.settings("15", "6"))
        }
        #expect(throws: WalkForwardWindows.Problem.firstTradeAfterData(lastBar: 19 * Self.day)) {
            try WalkForwardWindows.windows(times: times, settings: Self.settings("6", "3", first: 30 * Self.day))
        }
        #expect(throws: WalkForwardWindows.Problem.tooFewBars(outOfSample: false, window: 0, bars: 1)) {
            try WalkForwardWindows.windows(times: times, settings: Self.settings("1", "3"))
        }
        #expect(throws: WalkForwardWindows.Problem.overlapping(window: 0)) {
            try WalkForwardWindows.windows(times: times, settings: Self.settings("6", "3", step: "2"))
        }
        // Bars and durations are not mixed; a first trade long before the data is named.
        #expect(throws: WalkForwardWindows.Problem.mixedKinds(step: false)) {
            try WalkForwardWindows.windows(times: times, settings: Self.settings("6", "3d"))
        }
        #expect(throws: WalkForwardWindows.Problem.mixedKinds(step: true)) {
            try WalkForwardWindows.windows(times: times, settings: Self.settings("6d", "3d", step: "3"))
        }
        #expect(throws: WalkForwardWindows.Problem.firstTradeBeforeData(firstBar: 0)) {
            try WalkForwardWindows.windows(times: times, settings: Self.settings("6d", "3d", first: -400 * Self.day))
        }
        // A duration that holds too few bars: a day of daily bars.
        #expect(throws: WalkForwardWindows.Problem.tooFewBars(outOfSample: false, window: 0, bars: 1)) {
            try WalkForwardWindows.windows(times: times, settings: Self.settings("1d", "5d"))
        }
    }
}
