import Foundation

/// "compact cache": the last step of a build that writes output. When the cache has many packs,
/// much dead space, or entries of the previous layout, and no other process uses it now
/// (`isAlone`, which tries to take the cache lock exclusively without waiting), its live records
/// are rewritten into one pack (`ResultCache.maintain`). A busy cache is left for a later build.
public struct MaintainCacheStep: BuildStep {
    public let name = "compact cache"
    private let isAlone: @Sendable () -> Bool

    /// The step; `isAlone` says whether this process may have the cache alone now.
    public init(isAlone: @escaping @Sendable () -> Bool) { self.isAlone = isAlone }

    public func run(_ build: inout BuildContext) throws {
        guard build.complete, isAlone() else { return }
        do {
            // A build on many cores writes as many packs a step: compact only past 4 a worker.
            try build.cache.maintain(packLimit: max(16, 4 * build.options.jobs))
        } catch {
            // Nothing is lost: the old packs stay until the new one is whole.
            build.report.warnings.append("could not compact the cache \(build.options.cache.path): \(error); it stays as it is")
        }
    }
}
