import Dispatch
import Foundation
import Runner
import Study

/// A data file parsed on another thread while the build goes on planning: when the plan had to
/// read a file to fingerprint it (it is new or changed), its runs will almost surely need it.
final class DataPreload: @unchecked Sendable {
    private let done = DispatchGroup()
    private var result: Result<LoadedData, Error>?

    /// Starts parsing the bytes of `known` as the data of `config`.
    init(_ config: DataConfig, known: DataFingerprint) {
        done.enter()
        DispatchQueue.global().async { [self] in
            result = Result { try LoadedData(config, known: known) }
            done.leave()
        }
    }

    /// The parsed data (waiting for it if need be), or the error parsing it raised.
    func wait() throws -> LoadedData {
        done.wait()
        return try result!.get()
    }
}
