/// Seeded synthetic market data: a random walk with drift and two volatility regimes, or, with
/// `momentum`, a market whose returns follow their own recent average, so that trends persist.
///
/// The same parameters give the same bars, bit for bit, on every machine: the generator is
/// SplitMix64 and the arithmetic uses only +, -, *, / and sqrt, which IEEE-754 rounds exactly.
/// Bars are OHLC-consistent (low <= open, close <= high), prices stay positive, and with a tick
/// every price lies on the tick grid (as exchange prices do, which makes exact ties between
/// moving averages common).
public struct SyntheticSource: Sendable, Hashable {
    /// Which days have bars.
    public enum Calendar: String, Sendable, CaseIterable {
        /// Monday to Friday only (stocks, futures).
        case weekdays
        /// Every day and hour (crypto).
        case continuous
    }

    /// Seed of the random sequence.
    public var seed: UInt64
    /// Number of bars.
    public var bars: Int
    /// Bar length.
    public var timeframe: Timeframe
    /// Time of the first bar, UTC epoch milliseconds.
    public var start: Int64
    /// Annual drift of returns (0.08 = 8% a year).
    public var drift: Double
    /// Annual volatility of returns in the calm regime's long-run mix (0.2 = 20%).
    public var volatility: Double
    /// How much returns follow their recent trend, in both regimes: a bar's expected return
    /// above the drift is `momentum` times the trend (the exponential average of the past bars'
    /// returns above the drift over `momentumSpanDays`). 0 is a random walk, below 0 reverts.
    public var momentum: Double
    /// First price.
    public var startPrice: Double
    /// Price grid; 0 for none.
    public var tick: Double
    /// Trading days.
    public var calendar: Calendar

    /// Span, in days (in bars for daily or longer bars), of the trend that momentum follows: about a
    /// month, the horizon of the moving averages trend followers use.
    public static let momentumSpanDays = 20.0

    /// The `momentum` values the source accepts; at 1 the trend would never fade.
    public static let momentumRange: ClosedRange<Double> = -0.9...0.9

    /// Creates a source; `calendar` nil picks weekdays for daily or longer bars, continuous otherwise.
    public init(
        seed: UInt64, bars: Int, timeframe: Timeframe, start: Int64, drift: Double = 0.08,
        volatility: Double = 0.2, momentum: Double = 0, startPrice: Double = 100, tick: Double = 0, calendar: Calendar? = nil
    ) {
        self.seed = seed
        self.bars = bars
        self.timeframe = timeframe
        self.start = start
        self.drift = drift
        self.volatility = volatility
        self.momentum = momentum
        self.startPrice = startPrice
        self.tick = tick
        self.calendar = calendar ?? (timeframe.isDailyOrLonger ? .weekdays : .continuous)
    }

    /// Bars per year of this calendar and timeframe, used to scale drift and volatility.
    public var barsPerYear: Double {
        let perDay = Double(UTCDate.millisPerDay) / Double(timeframe.millis)
        return (calendar == .weekdays ? 252.0 : 365.0) * perDay
    }

    /// Generates the bars.
    public func generate() -> BarSeries {
        var rng = SplitMix64(seed: seed ^ 0x42_4C_41_42)  // "BLAB": distinct from a bare seed's stream
        var series = BarSeries(reservingCapacity: bars)
        let dt = 1.0 / barsPerYear
        let sqrtDt = dt.squareRoot()
        // Two regimes: calm (0.7x) and turbulent (1.9x), with mean durations of about 120 and 30
        // days, so turbulent bars are ~20% of the time and the mixed volatility is close to `volatility`.
        let barsPerDay = max(1.0, Double(UTCDate.millisPerDay) / Double(timeframe.millis))
        let leaveCalm = 1.0 / (120.0 * barsPerDay)
        let leaveTurbulent = 1.0 / (30.0 * barsPerDay)
        var turbulent = false
        let gapScale = calendar == .weekdays ? 0.25 : 0.02
        let grid = PriceGrid(tick: tick)
        var time = start
        var previousClose = grid.round(startPrice)
        // Momentum m: a bar's return above the drift mu is m * trend + the random walk's shock,
        // the trend being the exponential average (weight w) of the past bars' realised
        // close-to-close returns above mu. The trend then persists with factor 1 - w (1 - m), and
        // the shocks shrink by 1 / sqrt(1 + m^2 var(trend) / var(shock)) so that a bar's
        // variance, and so `volatility`, is what it is at m = 0. With w = 1 this is an AR(1).
        let mu = drift * dt
        let trendWeight = 2 / (Self.momentumSpanDays * barsPerDay + 1)
        let persistence = 1 - trendWeight * (1 - momentum)
        let trendVariance = trendWeight * trendWeight / (1 - persistence * persistence)
        let shockScale = 1 / (1 + momentum * momentum * trendVariance).squareRoot()
        var trend = 0.0
        for _ in 0..<bars {
            if calendar == .weekdays {
                while UTCDate.isWeekend(time) { time += timeframe.millis }
            }
            let switchDraw = rng.uniform()
            if turbulent ? switchDraw < leaveTurbulent : switchDraw < leaveCalm { turbulent.toggle() }
            let sigma = volatility * (turbulent ? 1.9 : 0.7) * sqrtDt
            var gap = rng.normal() * sigma * gapScale
            let shock = rng.normal() * sigma
            var move = mu + shock
            // Only with momentum, so that a random walk's bars stay bit for bit what they always were.
            if momentum != 0 {
                gap *= shockScale
                move = mu + shock * shockScale + momentum * trend
            }
            let upper = abs(rng.normal()) * sigma * 0.6
            let lower = abs(rng.normal()) * sigma * 0.6
            var open = grid.round(previousClose * (1 + max(-0.5, gap)))
            var close = grid.round(open * (1 + max(-0.5, move)))
            open = max(open, grid.minimum)
            close = max(close, grid.minimum)
            let high = max(grid.round(max(open, close) * (1 + upper)), open, close)
            let low = max(min(grid.round(min(open, close) * (1 - min(0.5, lower))), open, close), grid.minimum)
            let volume = (1000 * (1 + abs(rng.normal())) * (turbulent ? 2 : 1)).rounded()
            series.append(time: time, open: open, high: high, low: low, close: close, volume: volume)
            if momentum != 0 { trend += trendWeight * (close / previousClose - 1 - mu - trend) }
            previousClose = close
            time += timeframe.millis
        }
        return series
    }
}

/// Rounds prices to a tick so that they equal what a CSV reader makes of their decimal text.
struct PriceGrid {
    let tick: Double
    /// Ticks per unit when the tick divides 1 (0.01 -> 100), so prices are k / perUnit.
    let perUnit: Double?

    init(tick: Double) {
        self.tick = tick
        let inverse = tick > 0 ? (1 / tick).rounded() : 0
        perUnit = tick > 0 && tick < 1 && abs(inverse * tick - 1) < 1e-9 ? inverse : nil
    }

    var minimum: Double { tick > 0 ? tick : 1e-6 }

    func round(_ price: Double) -> Double {
        guard tick > 0 else { return price }
        if let perUnit { return (price * perUnit).rounded() / perUnit }
        return (price / tick).rounded() * tick
    }
}
