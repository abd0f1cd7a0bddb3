import Engine
import Foundation
import Study
import Synchronization
import Testing

@testable import Workflows

/// The pool holds a source's bars only while jobs on it remain: memory is bounded by what the
/// running jobs need, not by the number of markets.
@Suite struct LoadedDataPoolTests {
    static func market(_ seed: UInt64) -> DataConfig {
        DataConfig(source: .synthetic(SyntheticSource(seed: seed, bars: 500, timeframe: Timeframe("1d")!, start: 0)))
    }

    /// Three markets, four jobs each, run one after another as "run backtests" orders them: each
    /// market is read once, and let go as soon as its last job is done.
    @Test func eachSourceIsReadOnceAndLetGoAfterItsLastJob() throws {
        let markets = [Self.market(1), Self.market(2), Self.market(3)]
        let seen = Mutex((loads: [DataConfig.Source: Int](), alive: [DataConfig.Source: WeakSource]()))
        let jobs = markets.flatMap { Array(repeating: $0, count: 4) }
        let pool = LoadedDataPool(jobs: jobs) { source in
            let bars = try BarSource(source)
            seen.withLock {
                $0.loads[source, default: 0] += 1
                $0.alive[source] = WeakSource(bars)
            }
            return bars
        }
        for (index, job) in jobs.enumerated() {
            let bars = try pool.use(job) { $0.market.bars.count }
            #expect(bars == 500)
            // After its fourth job a market is gone; the ones not started are not read yet.
            let alive = seen.withLock { $0.alive.filter { $0.value.source != nil }.keys }
            let current = markets[index / 4].source
            #expect(Set(alive) == (index % 4 == 3 ? [] : [current]), "after job \(index)")
        }
        #expect(seen.withLock { $0.loads.values.sorted() } == [1, 1, 1])
    }

    /// Jobs on one source at once on several threads read it once.
    @Test func jobsAtOnceOnOneSourceReadItOnce() throws {
        let market = Self.market(7)
        let loads = Atomic<Int>(0)
        let pool = LoadedDataPool(jobs: Array(repeating: market, count: 32)) { source in
            loads.add(1, ordering: .relaxed)
            return try BarSource(source)
        }
        DispatchQueue.concurrentPerform(iterations: 32) { _ in _ = try? pool.use(market) { $0.market.bars.count } }
        #expect(loads.load(ordering: .relaxed) == 1)
    }
}

final class WeakSource: @unchecked Sendable {
    weak var source: BarSource?
    init(_ source: BarSource) { self.source = source }
}
