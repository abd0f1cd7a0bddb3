import Engine

/// The keys of run.yaml's `platform` section. The decoder, grid and override paths
/// (`ConfigPath`) and the canonical JSON of the config hash all read and write through them.
public enum PlatformKey: String, CaseIterable, Sendable {
    case initialCapital = "initial_capital"
    case feesPct = "fees_pct"
    case slippagePct = "slippage_pct"
    case fill
    case fractionalUnits = "fractional_units"

    /// The setting's value.
    func value(in settings: ExecutionSettings) -> ConfigValue {
        switch self {
        case .initialCapital: .param(.number(settings.initialCapital))
        case .feesPct: .param(.number(settings.feeRate))
        case .slippagePct: .param(.number(settings.slippage))
        case .fill: .text(settings.fill.rawValue)
        case .fractionalUnits: .param(.boolean(!settings.wholeUnits))
        }
    }

    /// Writes a value already validated for this key.
    func set(_ value: ConfigValue, in settings: inout ExecutionSettings) {
        switch (self, value) {
        case (.initialCapital, .param(let p)): settings.initialCapital = p.doubleValue
        case (.feesPct, .param(let p)): settings.feeRate = p.doubleValue
        case (.slippagePct, .param(let p)): settings.slippage = p.doubleValue
        case (.fractionalUnits, .param(let p)): settings.wholeUnits = p.doubleValue == 0
        case (.fill, .text(let t)): settings.fill = ExecutionSettings.Fill(rawValue: t) ?? settings.fill
        default: break
        }
    }
}

/// The keys of run.yaml's `metrics` section, shared like `PlatformKey`.
public enum MetricsKey: String, CaseIterable, Sendable {
    case periodsPerYear = "periods_per_year"
    case riskFreeRate = "risk_free_rate"

    /// The setting's value (`auto` for automatic periods per year).
    func value(in metrics: MetricsConfig) -> ConfigValue {
        switch self {
        case .periodsPerYear: metrics.periodsPerYear.map { .param(.number($0)) } ?? .text("auto")
        case .riskFreeRate: .param(.number(metrics.riskFreeRate))
        }
    }

    /// Writes a value already validated for this key.
    func set(_ value: ConfigValue, in metrics: inout MetricsConfig) {
        switch (self, value) {
        case (.periodsPerYear, .param(let p)): metrics.periodsPerYear = p.doubleValue
        case (.periodsPerYear, .text): metrics.periodsPerYear = nil
        case (.riskFreeRate, .param(let p)): metrics.riskFreeRate = p.doubleValue
        default: break
        }
    }
}

extension ConfigValue {
    /// The value in the canonical JSON: flags as booleans, other parameters as numbers, words as strings.
    var json: JSONValue {
        switch self {
        case .param(.boolean(let b)): .bool(b)
        case .param(let p): .number(p.doubleValue)
        case .text(let t): .string(t)
        case .file(let path, _): .string(path)
        }
    }
}
