import Engine
import Study

/// "load data": reads each data source the new jobs need (once; a file parsed while planning is
/// taken as it is) and checks the range each data section keeps of it. The ranges themselves are
/// made by "run backtests" as their runs start and let go when they finish. A data error breaks the
/// studies that read it; the others go on.
public struct LoadDataStep: BuildStep {
    public let name: String

    /// The step, for the jobs planned since the last "run backtests".
    public init(name: String = "load data") { self.name = name }

    public func run(_ build: inout BuildContext) throws {
        for job in build.plan.jobs[build.plan.jobsStarted...] where !build.data.contains(job.config.data.loaded) {
            guard !job.targets.allSatisfy({ build.plan.studies[$0.study].dataBroken }) else { continue }
            let data = job.config.data.loaded
            do {
                _ = try LoadedData.range(of: data, in: build.barSource(data))
                build.data.insert(data)
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
