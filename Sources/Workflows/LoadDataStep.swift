import Engine
import Study

/// "load data": checks the range each data section of the new jobs keeps of its source. A source
/// read in this build (a file new or changed, parsed while planning) is waited for and checked
/// here; a section whose digest came from the fingerprint memo was checked by the build that
/// recorded it, on the same bytes, so its source is not read here but by "run backtests", as its
/// first job starts (then let go after its last: memory holds what the running jobs need). A data
/// error breaks the studies that read it; the others go on.
public struct LoadDataStep: BuildStep {
    public let name: String

    /// The step, for the jobs planned since the last "run backtests".
    public init(name: String = "load data") { self.name = name }

    public func run(_ build: inout BuildContext) throws {
        for job in build.plan.jobs[build.plan.jobsStarted...] where !build.data.contains(job.config.data.loaded) {
            guard !job.targets.allSatisfy({ build.plan.studies[$0.study].dataBroken }) else { continue }
            let data = job.config.data.loaded
            do {
                if build.sources[data.source] != nil || build.fingerprints[data] == nil {
                    _ = try LoadedData.range(of: data, in: build.barSource(data))
                }
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
