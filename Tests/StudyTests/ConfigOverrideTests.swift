import Engine
import Foundation
import Testing
import Yams
@testable import Study

@Suite struct ConfigOverrideTests {
    func root(_ yaml: String) throws -> Node { try Yams.compose(yaml: yaml)! }

    @Test func aPluginBlockReplacesTheWholeBlockSoOldParamsDoNotLeak() throws {
        let base = try root("strategy: {exit_planner: {plugin: atr_exit, params: {period: 10, rr_ratio: 3}}}")
        let override = ConfigOverride(path: ["strategy", "exit_planner"], value: try root("{plugin: fixed_percentage_exit, params: {stop_pct: 0.02}}"), origin: "test")
        let merged = try override.apply(to: base)
        #expect(try Yams.serialize(node: merged) == "strategy:\n  exit_planner:\n    plugin: fixed_percentage_exit\n    params:\n      stop_pct: 0.02\n")
    }

    @Test func aMappingWithoutPluginIsMergedKeyByKey() throws {
        let base = try root("strategy: {exit_planner: {plugin: atr_exit, params: {period: 10, rr_ratio: 3}}}")
        let override = ConfigOverride(path: ["strategy", "exit_planner"], value: try root("{params: {rr_ratio: 2}}"), origin: "test")
        let merged = try override.apply(to: base)
        #expect(try Yams.serialize(node: merged) == "strategy:\n  exit_planner:\n    plugin: atr_exit\n    params:\n      period: 10\n      rr_ratio: 2\n")
    }

    @Test func missingIntermediateMappingsAreCreated() throws {
        let merged = try ConfigOverride(assignment: "metrics.risk_free_rate=0.01").apply(to: root("name: x"))
        #expect(try Yams.serialize(node: merged) == "name: x\nmetrics:\n  risk_free_rate: 0.01\n")
    }

    @Test func badAssignmentsAreExplained() {
        #expect(throws: Diagnostic(file: "--set", message: "'fast' is not of the form dotted.path=value", hint: "for example --set strategy.signal_generator.params.fast=20")) {
            try ConfigOverride(assignment: "fast")
        }
        #expect(throws: Diagnostic(file: "--set", message: "--set name.first=1: 'name' is not a mapping, so it has no key 'first'", hint: "set the whole value instead, or check the path")) {
            try ConfigOverride(assignment: "name.first=1").apply(to: root("name: x"))
        }
    }
}
