import Dispatch
import Foundation
import Synchronization

/// Ctrl-C handling: the first SIGINT (or SIGTERM) asks running work to stop after the runs in
/// flight; a second one exits at once. Finished results are already in the cache either way.
public final class Interruption: Sendable {
    /// The process-wide instance.
    public static let shared = Interruption()

    private let flag = Atomic<Bool>(false)
    private let sources = Mutex<[DispatchSourceSignal]>([])

    /// A flag of its own, which only `install()` sets.
    public init() {}

    /// Whether an interrupt was received.
    public var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Starts listening for SIGINT and SIGTERM; `message` is printed at the first one.
    public func install(message: String = "interrupted: finishing the runs in flight (Ctrl-C again to stop now)") {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [self] in
                    if flag.exchange(true, ordering: .relaxed) { exit(130) }
                    FileHandle.standardError.write(Data("\n\(message)\n".utf8))
                }
                source.resume()
                sources.append(source)
            }
        }
    }
}
