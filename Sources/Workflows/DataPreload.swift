import Dispatch
import Foundation
import Storage
import Study
import Synchronization

/// A data source being read on another thread while the build goes on: a file that the build had
/// to read to fingerprint it (it is new or changed) is parsed at once, since its ranges must be
/// hashed and its runs will almost surely need it.
final class DataPreload: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Result<BarSource, Error>?

    /// Starts reading `source` (from `bytes`, when they were read already; from its bar store
    /// under `key`, when it has a good one).
    init(_ source: DataConfig.Source, bytes: FileBytes?, store: BarStore?, key: @escaping @Sendable () -> String?) {
        done.enter()
        DispatchQueue.global().async { [self] in
            result = Result { try BarSource(source, bytes: bytes, store: store, key: key) }
            done.leave()
        }
    }

    /// The source read now, on this thread.
    init(reading source: DataConfig.Source, bytes: FileBytes?, store: BarStore?, key: @escaping @Sendable () -> String?) {
        result = Result { try BarSource(source, bytes: bytes, store: store, key: key) }
    }

    /// The bars (waiting for them if need be), or the error reading them raised.
    func wait() throws -> BarSource {
        done.wait()
        return try result!.get()
    }
}

/// A digest being computed on another thread (a file's SHA-256, hashed while its bytes are parsed):
/// `wait` blocks until `fulfil` gives it, or nil when the hash failed (then no store is written).
final class PendingDigest: Sendable {
    private let value = Mutex<String?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    /// Gives the digest (nil: none) to every waiter.
    func fulfil(_ digest: String?) {
        value.withLock { $0 = digest }
        ready.signal()
    }

    /// The digest, once given.
    func wait() -> String? {
        ready.wait()
        ready.signal()
        return value.withLock { $0 }
    }
}
