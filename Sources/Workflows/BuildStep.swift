import Engine
import Foundation
import Storage

/// One named step of a build (Publish's `[3/7] Generate HTML`): load studies, plan, load data,
/// run backtests, analyse, then write the results or render and write the site. Each step reads
/// what the steps before it left in the context and adds its own part.
public protocol BuildStep: Sendable {
    /// The name shown by `--timings` and in the errors the step raises.
    var name: String { get }
    /// Does the step's work.
    func run(_ build: inout BuildContext) throws
}

/// An error raised inside a step, tagged with the step's name: `error: [write site] cannot ...`,
/// or for a located problem `[render pages] templates/x.mustache:3:1: error: ...`.
public struct BuildStepError: Error, CustomStringConvertible, Sendable {
    /// The step's name.
    public let step: String
    /// The whole message after the step's tag.
    let text: String

    /// Tags `error` with `step`.
    public init(step: String, _ error: Error) {
        self.step = step
        switch error {
        case let tagged as BuildStepError: text = tagged.text
        case let located as Diagnostic: text = located.description
        case let list as DiagnosticList: text = list.description
        case let write as FileWriteError: text = "error: \(write)"
        case let cocoa as CocoaError: text = "error: " + cocoa.localizedDescription
        case let posix as POSIXError: text = "error: " + posix.localizedDescription
        default: text = "error: \(error)"
        }
    }

    /// `error: [step] message`, or `[step] file:line:col: error: message` for a located problem.
    public var description: String {
        text.hasPrefix("error: ") ? "error: [\(step)] " + text.dropFirst("error: ".count) : "[\(step)] " + text
    }
}

/// `backlab build` (and `plan`) as a list of named steps, run in order and timed. A step that
/// throws ends the build: its error is tagged with its name and the steps after it do not run.
public struct BuildPipeline: Sendable {
    /// The steps, in order.
    public let steps: [any BuildStep]

    /// A pipeline of `steps`.
    public init(steps: [any BuildStep]) { self.steps = steps }

    /// The steps up to the analysed results: load studies, plan, load data, run backtests, then
    /// the walk-forwards' out-of-sample runs (planned from the in-sample results), analyse.
    public static let resultSteps: [any BuildStep] = [
        LoadStudiesStep(), PlanStep(), LoadDataStep(), RunBacktestsStep(), PlanOutOfSampleStep(),
        LoadDataStep(name: "load out-of-sample data"), RunBacktestsStep(name: "run out-of-sample backtests"), AnalyseStep(),
    ]

    /// Runs every step on `build`; its report records each step's time and any step error.
    public func run(_ build: inout BuildContext) {
        for step in steps {
            let start = Date()
            do {
                try step.run(&build)
            } catch {
                build.report.stepErrors.append(BuildStepError(step: step.name, error))
            }
            build.report.steps.append((step.name, Date().timeIntervalSince(start)))
            if !build.report.stepErrors.isEmpty { break }
        }
        // Bar stores written in the background are finished before the build reports.
        build.report.warnings += build.barStore.finishWrites()
    }
}
