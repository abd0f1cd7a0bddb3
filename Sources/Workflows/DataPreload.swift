import Dispatch
import Foundation
import Study

/// A data source being read on another thread while the build goes on: a file that the build had
/// to read to fingerprint it (it is new or changed) is parsed at once, since its ranges must be
/// hashed and its runs will almost surely need it.
final class DataPreload: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Result<BarSource, Error>?

    /// Starts reading `source` (from `bytes`, when they were read already; from its bar store
    /// under `key`, when it has a good one).
    init(_ source: DataConfig.Source, bytes: Data?, store: BarStore?, key: String?) {
        done.enter()
        DispatchQueue.global().async { [self] in
            result = Result { try BarSource(source, bytes: bytes, store: store, key: key) }
            done.leave()
        }
    }

    /// The source read now, on this thread.
    init(reading source: DataConfig.Source, bytes: Data?, store: BarStore?, key: String?) {
        result = Result { try BarSource(source, bytes: bytes, store: store, key: key) }
    }

    /// The bars (waiting for them if need be), or the error reading them raised.
    func wait() throws -> BarSource {
        done.wait()
        return try result!.get()
    }
}
