import ArgumentParser
import Runner

/// Options shared by `build` and `serve`: where the site goes and how the build runs.
struct SiteOptions: ParsableArguments {
    @Option(help: "Output folder.")
    var output = "output"

    @Option(help: "Parallel workers (default: one per core).")
    var jobs = ParallelRunService.defaultJobs

    @Option(help: "Folder of Mustache templates, CSS and JS for the site (default: the ones built into backlab).")
    var templates: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print how long each step of the build took, and the peak memory (to stderr).")
    var timings = false

    @Flag(help: "Stop with an error, instead of waiting, when another build holds the output folder.")
    var noWait = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }
}
