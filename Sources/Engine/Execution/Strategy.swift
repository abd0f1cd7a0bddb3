/// A strategy's plugins built over one data set, ready to run.
public struct Strategy: Sendable {
    /// Signals, with the regime filters already applied to entries.
    public let signals: SignalSeries
    /// The exit planner.
    public let exitPlanner: any ExitPlanner
    /// The size planner.
    public let sizePlanner: any SizePlanner
    /// Portfolio overlays.
    public let overlays: [any PortfolioOverlay]

    /// Assembles already built parts (custom plugins, tests).
    public init(signals: SignalSeries, exitPlanner: any ExitPlanner, sizePlanner: any SizePlanner, overlays: [any PortfolioOverlay] = []) {
        self.signals = signals
        self.exitPlanner = exitPlanner
        self.sizePlanner = sizePlanner
        self.overlays = overlays
    }

    /// Builds every plugin of `spec` over `data`.
    public init(_ spec: StrategySpec, data: MarketData) throws {
        func descriptor(_ choice: PluginChoice, _ phase: PluginPhase) throws -> PluginDescriptor {
            guard let found = PluginRegistry.plugin(choice.name, in: phase) else {
                throw Diagnostic(file: nil, message: "unknown \(phase.rawValue) plugin '\(choice.name)'")
            }
            return found
        }
        guard case .signalGenerator(let makeSignals) = try descriptor(spec.signalGenerator, .signalGenerator).builder,
            case .exitPlanner(let makeExit) = try descriptor(spec.exitPlanner, .exitPlanner).builder,
            case .sizePlanner(let makeSize) = try descriptor(spec.sizePlanner, .sizePlanner).builder
        else { throw Diagnostic(file: nil, message: "plugin registered in the wrong phase") }
        var signals = makeSignals(spec.signalGenerator.params, data).signals()
        for filter in spec.regimeFilters {
            guard case .regimeFilter(let make) = try descriptor(filter, .regimeFilter).builder else { continue }
            let allowed = make(filter.params, data).allowsEntry()
            for t in 0..<signals.flags.count where !allowed[t] { signals.flags[t] &= ~SignalSeries.entry }
        }
        var overlays: [any PortfolioOverlay] = []
        for overlay in spec.portfolioOverlays {
            guard case .portfolioOverlay(let make) = try descriptor(overlay, .portfolioOverlay).builder else { continue }
            overlays.append(make(overlay.params))
        }
        self.signals = signals
        self.exitPlanner = makeExit(spec.exitPlanner.params, data)
        self.sizePlanner = makeSize(spec.sizePlanner.params)
        self.overlays = overlays
    }
}
