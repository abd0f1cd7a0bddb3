/// Every plugin Backlab knows, by phase and name. Validation, `--help`, docs/plugins.md and error
/// messages all read this one list.
public enum PluginRegistry {
    /// All plugins in documentation order.
    public static let all: [PluginDescriptor] = [
        SMACross.descriptor, EMACross.descriptor, RSIReversion.descriptor, DonchianBreakout.descriptor,
        BollingerBreakout.descriptor, MACDCross.descriptor,
        SignalExit.descriptor, FixedPercentageExit.descriptor, ATRExit.descriptor,
        TrailingStopExit.descriptor, TimeExit.descriptor,
        FixedFraction.descriptor, FixedRisk.descriptor, FixedUnits.descriptor,
        TrendFilter.descriptor, VolatilityFilter.descriptor,
        MaxDrawdownOverlay.descriptor,
    ]

    /// The plugins of one phase.
    public static func plugins(in phase: PluginPhase) -> [PluginDescriptor] {
        all.filter { $0.phase == phase }
    }

    private static let byPhaseAndName: [String: PluginDescriptor] = Dictionary(
        uniqueKeysWithValues: all.map { ("\($0.phase.rawValue)/\($0.name)", $0) })

    /// The plugin named `name` in `phase`, if any.
    public static func plugin(_ name: String, in phase: PluginPhase) -> PluginDescriptor? {
        byPhaseAndName["\(phase.rawValue)/\(name)"]
    }
}
