import Engine
import Study

/// "load data": loads each data set the jobs need, once (a file parsed while planning is taken
/// as it is). A data error breaks the studies that read it; the others go on.
public struct LoadDataStep: BuildStep {
    public let name: String

    /// The step, for the jobs planned since the last "run backtests".
    public init(name: String = "load data") { self.name = name }

    public func run(_ build: inout BuildContext) throws {
        for job in build.plan.jobs[build.plan.jobsStarted...] where build.data[job.config.data.loaded] == nil {
            guard !job.targets.allSatisfy({ build.plan.studies[$0.study].dataBroken }) else { continue }
            let data = job.config.data.loaded
            do {
                build.data[data] = try LoadedData(data, source: build.barSource(data))
            } catch {
                build.problems(DiagnosticList(from: error).diagnostics)
                for other in build.plan.jobs where other.config.data.loaded == data {
                    for target in other.targets { build.plan.studies[target.study].dataBroken = true }
                }
            }
        }
        build.report.brokenIDs += build.plan.studies.filter(\.dataBroken).map(\.definition.id)
    }
}
