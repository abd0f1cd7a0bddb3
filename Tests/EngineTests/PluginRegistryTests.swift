import Foundation
import Testing

@testable import Engine

/// Every registered plugin, built from its defaults and run. A builder that reads a parameter by a
/// name its schema lacks, or as another type, stops the run (PluginParams traps), so a typo in any
/// plugin's factory fails the suite here.
@Suite struct PluginRegistryTests {
    static let data = MarketData(
        bars: SyntheticSource(
            seed: 5, bars: 1500, timeframe: Timeframe("1d")!, start: 1_420_156_800_000,
            volatility: 0.3
        ).generate())

    /// `phase/name` of every plugin, as test arguments.
    static let plugins = PluginRegistry.all.map { "\($0.phase.rawValue)/\($0.name)" }

    /// sma_cross, atr_exit (a stop, as fixed_risk needs) and fixed_fraction, with `plugin` in its own phase.
    static func spec(with plugin: PluginDescriptor) -> StrategySpec {
        let choice = PluginChoice(name: plugin.name, params: plugin.defaults)
        var spec = StrategySpec(
            signalGenerator: .named("sma_cross", in: .signalGenerator),
            exitPlanner: .named("atr_exit", in: .exitPlanner))
        switch plugin.phase {
        case .signalGenerator: spec.signalGenerator = choice
        case .exitPlanner: spec.exitPlanner = choice
        case .sizePlanner: spec.sizePlanner = choice
        case .regimeFilter: spec.regimeFilters = [choice]
        case .portfolioOverlay: spec.portfolioOverlays = [choice]
        }
        return spec
    }

    @Test(arguments: plugins)
    func everyPluginBuildsFromItsDefaultsAndTrades(_ id: String) throws {
        let plugin = try #require(PluginRegistry.all.first { "\($0.phase.rawValue)/\($0.name)" == id })
        let strategy = try Strategy(Self.spec(with: plugin), data: Self.data)
        let outcome = Backtester.run(bars: Self.data.bars, strategy: strategy, settings: ExecutionSettings())
        #expect(outcome.equity.count == Self.data.bars.count)
        #expect(!outcome.trades.isEmpty)
    }

    @Test func parametersAreReadByTheirOwnNameAndType() {
        let params = PluginParams(["fast": .integer(10), "stddev": .number(2.5), "ignore_signal_exit": .boolean(true)])
        #expect(params.int("fast") == 10 && params.double("stddev") == 2.5 && params.bool("ignore_signal_exit"))
        let choice = PluginChoice.named("sma_cross", in: .signalGenerator, ["slow": .integer(40)])
        #expect(choice.params.values == ["fast": .integer(10), "slow": .integer(40)])
    }

    @Test func anUnknownNameStopsTheProgramAndNamesIt() async {
        let exit = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = PluginParams(["fast": .integer(10), "slow": .integer(30)]).int("fsat")
        }
        let stderr = String(decoding: exit?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("no plugin parameter 'fsat'; the parameters are: fast, slow"))
    }

    @Test func aParameterReadAsAnotherTypeStopsTheProgram() async {
        let exit = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = PluginParams(["period": .integer(14)]).bool("period")
        }
        let stderr = String(decoding: exit?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("plugin parameter 'period' is integer (14), but was read as boolean"))
        await #expect(processExitsWith: .failure) { _ = PluginParams(["period": .integer(14)]).double("period") }
        await #expect(processExitsWith: .failure) { _ = PluginParams(["stddev": .number(2)]).int("stddev") }
    }

    @Test func namedChoicesRefuseUnknownParametersAndWrongTypes() async {
        await #expect(processExitsWith: .failure) { _ = PluginChoice.named("sma_cross", in: .signalGenerator, ["fsat": .integer(5)]) }
        await #expect(processExitsWith: .failure) { _ = PluginChoice.named("atr_exit", in: .exitPlanner, ["period": .number(14)]) }
        await #expect(processExitsWith: .failure) { _ = PluginChoice.named("atr_exit", in: .signalGenerator) }
    }

    @Test func aDescriptorWhoseDeclarationsDisagreeStopsTheProgram() async {
        // Checked when the registry is first used, before any plugin is built.
        await #expect(processExitsWith: .failure) {
            _ = ParamSpec("period", .integer, default: .number(14), doc: "A default of another type.")
        }
        await #expect(processExitsWith: .failure) {
            _ = PluginDescriptor(
                name: "x", summary: "", params: [], rules: [lessThan("fast", "slow")],
                builder: .sizePlanner { _ in FixedFraction(fraction: 1) })
        }
        await #expect(processExitsWith: .failure) {
            _ = PluginDescriptor(
                name: "x", summary: "", params: [], renamed: ["old": "new"],
                builder: .sizePlanner { _ in FixedFraction(fraction: 1) })
        }
    }
}
