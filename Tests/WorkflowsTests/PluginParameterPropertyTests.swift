import Engine
import Foundation
import Study
import Testing
import Workflows

/// No plugin parameters within their declared ranges make a run trap (issue 12): runs are threads
/// of one process, so an overflow or an index out of range in one would take the whole build
/// down. Seeded random parameters, the ranges' edges among them, for every plugin of every phase
/// and for random combinations, on bar series from 1 bar to 400. A trap ends this test process,
/// so it cannot pass by accident; a thrown error is a fine answer.
@Suite struct PluginParameterPropertyTests {
    /// A value of `spec`: its minimum, its maximum, its default, or a random one between, log-
    /// uniformly when the range is wide; a range open at its minimum starts just above it.
    static func value(_ spec: ParamSpec, _ random: inout SplitMix64) -> ParamValue {
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        if spec.kind == .boolean { return .boolean(random.next() % 2 == 0) }
        let whole = spec.kind == .integer
        var low = spec.minimum ?? (whole ? 0 : -1e6)
        if spec.minimumExclusive { low = whole ? floor(low) + 1 : low.nextUp }
        let high = max(low, spec.maximum ?? low + 1e6)
        let x: Double
        switch random.next() % 5 {
        case 0: x = low
        case 1: x = high
        case 2: x = spec.defaultValue.doubleValue
        case 3: x = low + (high - low) * uniform()
        default:
            // Log-uniform over wide positive ranges, where the small values matter.
            x = low > 0 && high / low > 100 ? exp(log(low) + (log(high) - log(low)) * uniform()) : low + (high - low) * uniform()
        }
        let clamped = min(max(x, low), high)
        return whole ? .integer(Int(clamped.rounded(.down))) : .number(clamped)
    }

    /// Random parameters of `plugin` that keep its own rules (such as fast < slow), as the
    /// decoder insists; nil when a draw breaks them.
    static func params(_ plugin: PluginDescriptor, _ random: inout SplitMix64) -> PluginParams? {
        let params = PluginParams(Dictionary(uniqueKeysWithValues: plugin.params.map { ($0.name, value($0, &random)) }))
        return plugin.rules.allSatisfy { $0.holds(params) } ? params : nil
    }

    static func run(_ strategy: (inout StrategySpec) -> Void, bars: Int, seed: UInt64) throws {
        let source = try YAMLSource(
            text: "data: {synthetic: {seed: \(seed), bars: \(bars), volatility: 0.4}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n",
            displayPath: "run.yaml", folder: URL(fileURLWithPath: "/tmp"))
        var config = try RunConfigDecoder.decode(source.root, file: "run.yaml", folder: URL(fileURLWithPath: "/tmp"))
        strategy(&config.strategy)
        do {
            let result = try StrategyOrchestrator.run(config)
            _ = result.metrics
        } catch {
            _ = "\(error)"
        }
    }

    static func place(_ choice: PluginChoice, _ phase: PluginPhase, in strategy: inout StrategySpec) {
        switch phase {
        case .signalGenerator: strategy.signalGenerator = choice
        case .exitPlanner: strategy.exitPlanner = choice
        case .sizePlanner: strategy.sizePlanner = choice
        case .regimeFilter: strategy.regimeFilters.append(choice)
        case .portfolioOverlay: strategy.portfolioOverlays.append(choice)
        }
    }

    static let barCounts = [1, 2, 3, 30, 400]

    @Test(arguments: PluginRegistry.all.map(\.name)) func randomParametersOfOnePluginNeverTrap(_ name: String) throws {
        let plugin = try #require(PluginRegistry.all.first { $0.name == name })
        var random = SplitMix64(seed: UInt64(name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
        var ran = 0
        for draw in 0..<60 {
            guard let params = Self.params(plugin, &random) else { continue }
            try Self.run(
                { Self.place(PluginChoice(name: plugin.name, params: params), plugin.phase, in: &$0) },
                bars: Self.barCounts[draw % Self.barCounts.count], seed: UInt64(draw))
            ran += 1
        }
        #expect(ran >= 20, "most draws keep \(name)'s rules")
    }

    @Test func randomCombinationsOfEveryPhaseNeverTrap() throws {
        var random = SplitMix64(seed: 2026)
        var ran = 0
        for draw in 0..<150 {
            var choices: [(PluginChoice, PluginPhase)] = []
            for phase in PluginPhase.allCases {
                let plugins = PluginRegistry.plugins(in: phase)
                guard !plugins.isEmpty, phase == .signalGenerator || random.next() % 2 == 0 else { continue }
                let plugin = plugins[Int(random.next() % UInt64(plugins.count))]
                guard let params = Self.params(plugin, &random) else { continue }
                choices.append((PluginChoice(name: plugin.name, params: params), phase))
            }
            try Self.run(
                { strategy in for (choice, phase) in choices { Self.place(choice, phase, in: &strategy) } },
                bars: Self.barCounts[draw % Self.barCounts.count], seed: UInt64(draw))
            ran += 1
        }
        #expect(ran == 150)
    }
}
