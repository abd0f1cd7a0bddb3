import Engine
import Foundation
import Testing

@testable import Study

/// Golden tests of grid expansion: decimal-exact steps, inclusive ends, order and constraints.
@Suite struct GridExpansionTests {
    static let run = """
        data: {synthetic: {seed: 1, bars: 100}}
        strategy:
          signal_generator: {plugin: sma_cross}
          exit_planner: {plugin: atr_exit}
        """

    func study(_ optimization: String) throws -> StudyDefinition {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(Self.run.utf8).write(to: folder.appendingPathComponent("run.yaml"))
        try Data(optimization.utf8).write(to: folder.appendingPathComponent("optimization.yaml"))
        return try StudyLoader.loadStudy(id: "g", folder: folder, displayFolder: "g")
    }

    func labels(_ study: StudyDefinition) -> [String] { (0..<study.runCount).map(study.label(at:)) }

    /// The errors of a study that must not load, as "line:column: message".
    func messages(_ optimization: String) throws -> [String] {
        do {
            _ = try study(optimization)
            Issue.record("the study loaded")
            return []
        } catch let list as DiagnosticList {
            return list.diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.message)" }
        }
    }

    @Test func aGridsSizeIsWorkedOutFromItsRangesBeforeAnyValueIsMade() throws {
        let fast = "strategy.signal_generator.params.fast"
        let slow = "strategy.signal_generator.params.slow"
        // 9,999,990 values, the default max_runs: refused at the first parameter without a value
        // made (each value was a node and a decode of run.yaml: minutes and gigabytes).
        #expect(
            try messages("parameters:\n  \(slow): {start: 11, end: 10000000, step: 1}\n") == [
                "2:3: the grid has 9999990 runs, more than max_runs (100000)"
            ])
        // A product that overflows Int: counted, not multiplied out.
        #expect(
            try messages(
                "parameters:\n  \(fast): {start: 1, end: 9000000, step: 1}\n  \(slow): {start: 1, end: 9000000, step: 1}\n  strategy.exit_planner.params.risk_reward_ratio: {start: 1, end: 9000000, step: 1}\n"
            )
            .first == "2:3: the grid has more than 9223372036854775807 runs, more than max_runs (100000)")
        // With where constraints a grid is enumerated up to 20,000,000 combinations, not beyond.
        #expect(
            try messages(
                "parameters:\n  \(fast): {start: 1, end: 5000, step: 1}\n  \(slow): {start: 2, end: 5001, step: 1}\nwhere: [\"fast < slow\"]\n"
            )
                == ["2:3: the grid has 25000000 combinations before its where constraints, more than the 20000000 that are enumerated"])
        // One range of more than 10,000,000 values, however its bounds are written.
        #expect(
            try messages("parameters:\n  \(fast): {start: 0, end: 1e30, step: 1e-30}\n")
                == ["2:70: strategy.signal_generator.params.fast has more than 10,000,000 values"])
    }

    @Test func decimalStepsAreExactAndEndsInclusive() throws {
        let s = try study("parameters:\n  strategy.exit_planner.params.risk_reward_ratio: {start: 0.1, end: 0.5, step: 0.1}\n")
        #expect(labels(s) == ["0.1", "0.2", "0.3", "0.4", "0.5"].map { "risk_reward_ratio=\($0)" })
        // 0.3 is the double nearest to 0.3, not 0.1 + 0.1 + 0.1 = 0.30000000000000004.
        #expect(s.config(at: 2).strategy.exitPlanner.params.double("risk_reward_ratio") == 0.3)
    }

    @Test func aLongRangeGivesTheValuesItsListWouldWithoutCheckingEachOne() throws {
        // 2,000 whole and 995 real values: typed as their probes, equal to the same values listed.
        let whole = try study("parameters:\n  strategy.signal_generator.params.slow: {start: 11, end: 2010, step: 1}\n")
        let listed = try study(
            "parameters:\n  strategy.signal_generator.params.slow: {values: [\((11...2010).map(String.init).joined(separator: ", "))]}\n")
        #expect(whole.gridPoints.count == 2000 && whole.gridPoints == listed.gridPoints)
        let real = try study("parameters:\n  strategy.exit_planner.params.risk_reward_ratio: {start: 0.5, end: 99.9, step: 0.1}\n")
        let realListed = try study(
            "parameters:\n  strategy.exit_planner.params.risk_reward_ratio: {values: [\((5...999).map { "\(Decimal($0) / 10)" }.joined(separator: ", "))]}\n"
        )
        #expect(real.gridPoints.count == 995 && real.gridPoints == realListed.gridPoints)
        // Out of bounds at its end: one error, at the range, naming the last value.
        #expect(
            try messages("max_runs: 10000000\nparameters:\n  strategy.signal_generator.params.slow: {start: 11, end: 5000000, step: 1}\n")
                == ["3:42: strategy.signal_generator.params.slow is 5000000, outside the allowed range [2, 100000]"])
        // A whole parameter stepped by a half: the second value says so.
        do {
            _ = try study("parameters:\n  strategy.signal_generator.params.slow: {start: 11, end: 20, step: 0.5}\n")
            Issue.record("a half step of a whole parameter was accepted")
        } catch let list as DiagnosticList {
            #expect(list.diagnostics.count == 1 && list.diagnostics[0].message.contains("11.5"), "\(list.diagnostics)")
        }
    }

    @Test func aStepThatDoesNotDivideTheRangeStopsBeforeTheEnd() throws {
        let s = try study("parameters:\n  strategy.signal_generator.params.fast: {start: 5, end: 22, step: 5}\n")
        #expect(labels(s) == ["fast=5", "fast=10", "fast=15", "fast=20"])
        #expect(s.config(at: 3).strategy.signalGenerator.params.values["fast"] == .integer(20))
    }

    @Test func theLastParameterVariesFastestAndWhereFilters() throws {
        let s = try study(
            """
            parameters:
              strategy.signal_generator.params.fast: {values: [10, 20, 30]}
              strategy.signal_generator.params.slow: {start: 20, end: 40, step: 10}
              platform.fill: [next_open, close]
            where: ["fast < slow", "not (fast == 10 and slow == 40)"]
            """)
        #expect(
            labels(s) == [
                "fast=10 slow=20 fill=next_open", "fast=10 slow=20 fill=close", "fast=10 slow=30 fill=next_open",
                "fast=10 slow=30 fill=close",
                "fast=20 slow=30 fill=next_open", "fast=20 slow=30 fill=close", "fast=20 slow=40 fill=next_open",
                "fast=20 slow=40 fill=close",
                "fast=30 slow=40 fill=next_open", "fast=30 slow=40 fill=close",
            ])
        #expect(s.config(at: 1).platform.fill == .close)
        #expect(s.optimization?.heatmap?.x == 0 && s.optimization?.heatmap?.y == 1)
    }

    @Test func clashingLastSegmentsKeepTheirFullPath() throws {
        let s = try study(
            """
            parameters:
              strategy.signal_generator.params.fast: {values: [5]}
              strategy.exit_planner.params.period: {values: [10, 20]}
              strategy.signal_generator.params.slow: {values: [30]}
            heatmap: {x: period, y: fast}
            """)
        #expect(s.optimization?.parameters.map(\.name) == ["fast", "period", "slow"])
        #expect(s.optimization?.heatmap?.x == 1 && s.optimization?.heatmap?.y == 0)
    }

    @Test func theObjectiveGoalDefaultsToTheMetricsDirection() throws {
        let drawdown = try study("objective: max_drawdown\nparameters: {strategy.signal_generator.params.fast: [5]}\n")
        #expect(drawdown.optimization?.objective == Objective(metric: .maxDrawdown, maximize: false))
        let explicit = try study(
            "objective: {metric: max_drawdown, goal: maximize}\nparameters: {strategy.signal_generator.params.fast: [5]}\n")
        #expect(explicit.optimization?.objective == Objective(metric: .maxDrawdown, maximize: true))
    }
}
