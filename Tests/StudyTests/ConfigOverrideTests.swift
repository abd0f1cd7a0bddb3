import Engine
import Foundation
import Testing

@testable import Study

/// Golden tests of the override merge rule.
@Suite struct ConfigOverrideTests {
    func root(_ yaml: String, file: String = "run.yaml") throws -> ConfigNode { try #require(try ConfigNode.parse(yaml, file: file)) }

    func override(_ path: String, _ yaml: String) throws -> ConfigOverride {
        let value = try root(yaml, file: "variant.yaml")
        return ConfigOverride(
            path: ConfigOverride.segments(path)!, value: value, keyLocation: SourceLocation(file: "variant.yaml", line: 9, column: 7))
    }

    @Test func aPluginBlockReplacesTheWholeBlockSoOldParamsDoNotLeak() throws {
        let base = try root("strategy: {exit_planner: {plugin: atr_exit, params: {period: 10, risk_reward_ratio: 3}}}")
        let merged = try override("strategy.exit_planner", "{plugin: fixed_percentage_exit, params: {stop_pct: 0.02}}").apply(to: base)
        #expect(merged.flowText == "{strategy: {exit_planner: {plugin: fixed_percentage_exit, params: {stop_pct: 0.02}}}}")
    }

    @Test func aMappingWithoutPluginIsMergedKeyByKey() throws {
        let base = try root("strategy: {exit_planner: {plugin: atr_exit, params: {period: 10, risk_reward_ratio: 3}}}")
        let merged = try override("strategy.exit_planner", "{params: {risk_reward_ratio: 2, ignore_signal_exit: true}}").apply(to: base)
        #expect(
            merged.flowText
                == "{strategy: {exit_planner: {plugin: atr_exit, params: {period: 10, risk_reward_ratio: 2, ignore_signal_exit: true}}}}")
    }

    @Test func aDottedPathAndANestedMappingMeanTheSame() throws {
        let base = try root("platform: {fees_pct: 0.001}\nstrategy: {signal_generator: {plugin: sma_cross, params: {fast: 10}}}")
        let dotted = try override("strategy.signal_generator.params.fast", "20").apply(to: base)
        let nested = try override("strategy", "{signal_generator: {params: {fast: 20}}}").apply(to: base)
        #expect(dotted.flowText == nested.flowText)
        #expect(dotted.flowText == "{platform: {fees_pct: 0.001}, strategy: {signal_generator: {plugin: sma_cross, params: {fast: 20}}}}")
    }

    @Test func missingIntermediateMappingsAreCreatedAtTheOverridesLocation() throws {
        let merged = try override("metrics.risk_free_rate", "0.01").apply(to: root("name: x"))
        #expect(merged.flowText == "{name: x, metrics: {risk_free_rate: 0.01}}")
        let metrics = try #require(merged.entries?.last)
        #expect(metrics.keyLocation == SourceLocation(file: "variant.yaml", line: 9, column: 7))
        // The value keeps its own place in variant.yaml.
        #expect(metrics.value["risk_free_rate"]?.location.file == "variant.yaml")
    }

    @Test func badAssignmentsAreExplained() throws {
        #expect(
            throws: Diagnostic(
                file: "--set", message: "'fast' is not of the form dotted.path=value",
                hint: "for example --set strategy.signal_generator.params.fast=20")
        ) {
            try ConfigOverride(assignment: "fast")
        }
        let base = try root("name: x")
        #expect(
            throws: Diagnostic(
                file: "--set", message: "'name' is not a mapping, so it has no key 'first'",
                hint: "set the whole value instead, or check the path name.first")
        ) {
            try ConfigOverride(assignment: "name.first=1").apply(to: base)
        }
    }
}
