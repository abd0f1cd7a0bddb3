import Foundation

/// "write results": writes each analysed study's results.csv and results.json and, last, its
/// marker. The step of a build without a site (`--no-render`); the site's own writer calls
/// `StudyOutput` the same way around its pages.
public struct WriteResultsStep: BuildStep {
    public let name = "write results"

    /// The step.
    public init() {}

    public func run(_ build: inout BuildContext) throws {
        let output = StudyOutput(folder: build.options.output)
        for study in build.analysed {
            do {
                build.report.written += try output.write(study)
            } catch {
                build.report.stepErrors.append(BuildStepError(step: name, error))
            }
        }
    }
}
