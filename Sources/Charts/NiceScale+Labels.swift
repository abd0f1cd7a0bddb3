import Foundation

/// Axis ticks whose labels fit, decided without a font so that layouts stay pure numbers.
extension NiceScale {
    /// The width of an 11-point axis label, estimated: DejaVu Sans digits are 7 points wide at that
    /// size, and digits are most of any axis label, so this errs on the wide side.
    static func estimatedWidth(_ label: String) -> Double { Double(label.count) * 7 }

    /// The scale over `min...max` with the most ticks whose labels keep clear of each other on an
    /// axis `length` points long: side by side on a horizontal axis, one above the other on a
    /// vertical one.
    static func labelled(min: Double, max: Double, length: Double, horizontal: Bool, format: ValueFormat)
        -> (scale: NiceScale, ticks: [(value: Double, label: String)])
    {
        func attempt(_ maxTicks: Int) -> (scale: NiceScale, ticks: [(value: Double, label: String)], fits: Bool) {
            let scale = NiceScale(min: min, max: max, maxTicks: maxTicks)
            // A step of 2.5 (times a power of ten) needs one decimal more than its leading digit:
            // 0.25 steps written with one decimal would read -0.8 for -0.75.
            let mantissa = scale.step / pow(10, floor(log10(scale.step)))
            let labelStep = abs(mantissa - 2.5) < 1e-9 ? scale.step / 10 : scale.step
            let ticks = scale.ticks.map { (value: $0, label: format.axisLabel($0, step: labelStep)) }
            let spacing = length * scale.step / (scale.upper - scale.lower)
            let needed = horizontal ? (ticks.map { estimatedWidth($0.label) }.max() ?? 0) + 14 : 24
            return (scale, ticks, spacing >= needed)
        }
        // At most a tick every 50 points across or 32 points up; fewer while labels would touch.
        let most = Swift.max(2, Int(length / (horizontal ? 50 : 32)))
        for maxTicks in stride(from: most, to: 2, by: -1) {
            let tried = attempt(maxTicks)
            if tried.fits { return (tried.scale, tried.ticks) }
        }
        let fewest = attempt(2)
        return (fewest.scale, fewest.ticks)
    }
}
