import Engine
import Foundation
import Storage

/// The locks a build holds (DESIGN section 10): the output folder exclusively, so a second
/// build of the same output waits (or stops, with `wait` false) instead of writing beside the
/// first; the cache shared, so shards and builds of other outputs fill one cache at once (each
/// entry is written atomically) while `clean --cache` waits for all of them.
public struct BuildLocks: Sendable {
    /// `output/.backlab-lock`.
    public static let outputFile = ".backlab-lock"
    /// `CACHE/.backlab-cache-lock` (its own name: record locks belong to the process, so two
    /// locks of one file, were the cache the output folder, would release each other).
    public static let cacheFile = ".backlab-cache-lock"
    /// `LEDGER/.backlab-ledger-lock`, held while a trial ledger is merged and saved.
    public static let ledgerFile = ".backlab-ledger-lock"

    private let held: [FileLock]

    /// The shared lock of `cache` that `plan` holds while it reads (so no compaction removes a
    /// pack under it); none when the folder is not there, which `plan` does not create.
    /// A lock that cannot be taken (a file system without locks) is not waited for: `plan` only
    /// reads, and reads what is there.
    public static func reading(cache: URL, waiting: (String) -> Void) -> BuildLocks {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: cache.path, isDirectory: &isFolder), isFolder.boolValue,
            let lock = try? FileLock.acquire(
                cache.appendingPathComponent(cacheFile), exclusive: false, wait: true,
                waiting: { holder in
                    waiting("waiting: the cache \(cache.path) is being cleaned or compacted\(holder.map { " by process \($0)" } ?? "")")
                })
        else { return BuildLocks(held: []) }
        return BuildLocks(held: [lock])
    }

    /// The locks of a build writing `output` (nil: a shard, which writes no output) with `cache`;
    /// `shown` names the output folder in messages, `waiting` prints them. Without `wait` a held
    /// lock is an error that names the holder.
    public static func build(
        output: URL?, shown: String, cache: URL, wait: Bool, waiting: (String) -> Void
    ) throws -> BuildLocks {
        var held: [FileLock] = []
        if let output {
            held.append(
                try lock(
                    output.appendingPathComponent(outputFile), exclusive: true, wait: wait, what: "\(shown) is being built",
                    hint: "wait for that build to finish, or build into another folder with --output", waiting: waiting))
        }
        held.append(
            try lock(
                cache.appendingPathComponent(cacheFile), exclusive: false, wait: wait, what: "the cache \(cache.path) is being cleaned",
                hint: "wait for backlab clean to finish", waiting: waiting))
        return BuildLocks(held: held)
    }

    /// The locks of `clean` (and `publish`, with the output only): the output exclusively, and the
    /// cache exclusively when it goes too (nil: a folder that is not there, so nothing to lock).
    /// Without `wait`, an output another build holds is an error that names it.
    public static func clean(output: URL?, shown: String, cache: URL?, wait: Bool = true, waiting: (String) -> Void) throws -> BuildLocks {
        var held: [FileLock] = []
        if let output {
            held.append(
                try lock(
                    output.appendingPathComponent(outputFile), exclusive: true, wait: wait, what: "\(shown) is being built",
                    hint: "wait for that build to finish", waiting: waiting))
        }
        if let cache {
            held.append(
                try lock(
                    cache.appendingPathComponent(cacheFile), exclusive: true, wait: true, what: "builds are using the cache \(cache.path)",
                    hint: "", waiting: waiting))
        }
        return BuildLocks(held: held)
    }

    private static func lock(
        _ url: URL, exclusive: Bool, wait: Bool, what: String, hint: String, waiting: (String) -> Void
    ) throws -> FileLock {
        do {
            return try FileLock.acquire(url, exclusive: exclusive, wait: wait) { holder in
                waiting("waiting: \(what)\(holder.map { " by process \($0)" } ?? "") (--no-wait stops instead)")
            }
        } catch let busy as FileLock.Busy {
            throw Diagnostic(file: nil, message: "\(what)\(busy.holder.map { " by process \($0)" } ?? "")", hint: hint)
        } catch let error as FileWriteError {
            throw Diagnostic(file: nil, message: "cannot create the lock file \(url.path): \(error.reason)", hint: error.remedy)
        } catch {
            throw Diagnostic(file: nil, message: "\(error)", hint: "build on a local file system, or one that supports POSIX locks")
        }
    }

    /// Makes this process the cache's only user, if no other process (a build, a shard, `plan`)
    /// holds it now, without waiting: what a compaction needs (`ResultCache.maintain`).
    public func tryCacheAlone() -> Bool {
        held.last.map { $0.url.lastPathComponent == Self.cacheFile && $0.tryExclusive() } ?? false
    }

    /// Releases every lock (also done when the value goes).
    public func release() { for lock in held { lock.release() } }
}
