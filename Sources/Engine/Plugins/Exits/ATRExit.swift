/// A stop `atr_multiplier` ATRs below the fill and a target `risk_reward_ratio` times that distance above
/// it, with the ATR known at the signal bar.
struct ATRExit: ExitPlanner {
    let atr: [Double], multiplier: Double, rewardRisk: Double, honoursSignalExit: Bool

    static let descriptor = PluginDescriptor(
        name: "atr_exit", summary: "Stop at P - m*ATR and target at P + rr*m*ATR (Wilder's ATR at the signal bar).",
        params: [
            ParamSpec("period", .integer, default: .integer(14), min: 1, max: 100_000, doc: "ATR period in bars."),
            ParamSpec("atr_multiplier", .number, default: .number(2), min: 0, minExclusive: true, max: 100, doc: "Stop distance in ATRs."),
            ParamSpec(
                "risk_reward_ratio", .number, default: .number(2), min: 0, minExclusive: true, max: 100,
                doc: "Target distance as a multiple of the stop distance."),
            ignoreSignalExitParam,
        ],
        renamed: ["rr_ratio": "risk_reward_ratio"],
        providesStop: true,
        builder: .exitPlanner { params, data in
            ATRExit(
                atr: data.atr(params.int("period")), multiplier: params.double("atr_multiplier"),
                rewardRisk: params.double("risk_reward_ratio"), honoursSignalExit: !params.bool("ignore_signal_exit"))
        })

    func levels(entryPrice price: Double, signalBar: Int) -> ExitLevels {
        let value = signalBar >= 0 && signalBar < atr.count ? atr[signalBar] : .nan
        // Before the ATR exists there is no level to set: the position runs on its signals.
        guard value.isFinite else { return ExitLevels() }
        let distance = multiplier * value
        return ExitLevels(stop: price - distance, target: price + rewardRisk * distance)
    }
    var trailFraction: Double? { nil }
    var maxBars: Int? { nil }
}
