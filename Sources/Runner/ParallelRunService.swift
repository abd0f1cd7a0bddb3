import Dispatch
import Foundation
import Synchronization

/// Runs independent jobs on a fixed number of workers (one per core by default). Each worker
/// takes the next job index as it finishes one, so a slow run never holds up the others; results
/// are handed back with their index, so callers place them in job order, never completion order.
/// An interrupt stops the workers from taking new jobs; jobs in flight finish.
public enum ParallelRunService {
    /// The number of workers `--jobs` defaults to.
    public static var defaultJobs: Int { max(1, System.coreCount) }

    /// Runs `work(i)` for every i in 0..<count on `jobs` workers and passes each output to
    /// `deliver` (called on the worker, so it must be thread-safe). Returns false when interrupted.
    @discardableResult
    public static func run<Output: Sendable>(
        count: Int, jobs: Int, interruption: Interruption = .shared,
        work: @Sendable (Int) -> Output, deliver: @Sendable (Int, Output) -> Void
    ) -> Bool {
        guard count > 0 else { return true }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
            while !interruption.isRequested {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { break }
                deliver(index, work(index))
            }
        }
        return !interruption.isRequested
    }

    /// `work(i)` for every i in 0..<count, on `jobs` workers, in index order (not interrupted: for
    /// the analysis of results that are all known).
    public static func map<Output: Sendable>(count: Int, jobs: Int = defaultJobs, _ work: @Sendable (Int) -> Output) -> [Output] {
        let outputs = Mutex([Output?](repeating: nil, count: count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { break }
                let output = work(index)
                outputs.withLock { $0[index] = output }
            }
        }
        return outputs.withLock { $0.map { $0! } }
    }
}

/// Facts about the machine.
public enum System {
    /// Online processor cores.
    public static var coreCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
