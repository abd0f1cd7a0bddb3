import Foundation

/// The inner loop of CSCV: every run's Sharpe ratio on both halves of every split.
///
/// A split J and its complement are both splits, with the halves' roles swapped, so the kernel
/// visits the C(S, S/2) / 2 subsets that hold block 0, sums each half's blocks once per run and
/// records two splits. Each half is summed from its own blocks, never as the run's total minus the
/// other half: two runs with the same returns on a half (configurations that traded alike only
/// for a while) then have bit-identical sums there and tie exactly, as the tie rules expect,
/// whereas their different totals would break the tie by rounding. Block sums are stored
/// block-major (all runs' sums of block 0, then of block 1, …) so the sums run over contiguous
/// memory; memory is O(N·S). The pairs are shared out with `DispatchQueue.concurrentPerform`;
/// each split's result depends only on its own sums, so the outcome does not depend on the
/// number of threads.
struct CSCVKernel {
    let runCount: Int
    let blockCount: Int
    let counts: [Int]
    /// sums[b * runCount + r]: run r's sum of returns over block b.
    let sums: [Double]
    let squares: [Double]

    init(runs: [BlockMoments]) {
        runCount = runs.count
        blockCount = runs[0].blockCount
        counts = runs[0].counts
        var sums = [Double](repeating: 0, count: blockCount * runCount)
        var squares = sums
        for (r, run) in runs.enumerated() {
            for b in 0..<blockCount {
                sums[b * runCount + r] = run.sums[b]
                squares[b * runCount + r] = run.sumsOfSquares[b]
            }
        }
        self.sums = sums
        self.squares = squares
    }

    /// The splits for `masks` (every half subset, in order); masks[i]'s complement must be in it.
    func splits(masks: [UInt64]) -> [OverfittingAnalysis.Split] {
        let full = (UInt64(1) << UInt64(blockCount)) - 1
        let position = Dictionary(uniqueKeysWithValues: masks.enumerated().map { ($1, $0) })
        let pairs = masks.indices.filter { masks[$0] & 1 != 0 }
        let chunkCount = min(pairs.count, ProcessInfo.processInfo.activeProcessorCount * 8)
        let placeholder = OverfittingAnalysis.Split(
            inSampleBlocks: 0, bestRun: 0, inSampleSharpe: 0, outOfSampleSharpe: 0, relativeRank: 0, logit: 0)
        var result = [OverfittingAnalysis.Split](repeating: placeholder, count: masks.count)
        result.withUnsafeMutableBufferPointer { output in
            let out = Slots(base: output.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                var scratch = Scratch(runCount: runCount)
                var p = chunk * pairs.count / chunkCount
                let end = (chunk + 1) * pairs.count / chunkCount
                while p < end {
                    let index = pairs[p]
                    let mask = masks[index]
                    let other = position[full ^ mask]!
                    let (a, b) = evaluate(mask: mask, scratch: &scratch)
                    out.base[index] = a
                    out.base[other] = b
                    p += 1
                }
            }
        }
        return result
    }

    /// The result array's storage, shared by the threads: each split's slot is written by exactly
    /// one iteration and read only after `concurrentPerform` returns.
    private struct Slots: @unchecked Sendable {
        let base: UnsafeMutablePointer<OverfittingAnalysis.Split>
    }

    /// Per-thread buffers: both halves' sums (the half `mask`, then the other) and ranking keys of
    /// every run.
    struct Scratch {
        var sum: [Double]
        var square: [Double]
        var keys: [Double]

        init(runCount: Int) {
            sum = [Double](repeating: 0, count: 2 * runCount)
            square = sum
            keys = [Double](repeating: 0, count: 4 * runCount)
        }
    }

    /// The split with in-sample blocks `mask` and the split with its complement.
    ///
    /// Ranking does not need the Sharpe ratios themselves: within one half every run has the same
    /// count n, and SR·|SR| = (n − 1)/n² · s·|s| / (q − s²/n) increases with SR, so each run gets
    /// the key pair (s·|s|, q − s²/n) (0 and 1 when the variance is zero, i.e. SR = 0) and
    /// a/b < c/d is decided as a·d < c·b (b, d > 0). Only n*'s two Sharpe ratios take a square root.
    private func evaluate(mask: UInt64, scratch: inout Scratch) -> (OverfittingAnalysis.Split, OverfittingAnalysis.Split) {
        let n = runCount
        var countIn = 0
        var countAll = 0
        for b in 0..<blockCount {
            countAll += counts[b]
            if mask & (1 << UInt64(b)) != 0 { countIn += counts[b] }
        }
        let nIn = Double(countIn)
        let nOut = Double(countAll - countIn)
        let full = (UInt64(1) << UInt64(blockCount)) - 1
        return scratch.sum.withUnsafeMutableBufferPointer { sum in
            scratch.square.withUnsafeMutableBufferPointer { square in
                scratch.keys.withUnsafeMutableBufferPointer { keys in
                    sums.withUnsafeBufferPointer { sums in
                        squares.withUnsafeBufferPointer { squares in
                            let sumIn = sum.baseAddress!
                            let sumOut = sumIn + n
                            let squareIn = square.baseAddress!
                            let squareOut = squareIn + n
                            Self.sumBlocks(mask, of: sums.baseAddress!, into: sumIn, runCount: n, blockCount: blockCount)
                            Self.sumBlocks(mask, of: squares.baseAddress!, into: squareIn, runCount: n, blockCount: blockCount)
                            Self.sumBlocks(full ^ mask, of: sums.baseAddress!, into: sumOut, runCount: n, blockCount: blockCount)
                            Self.sumBlocks(full ^ mask, of: squares.baseAddress!, into: squareOut, runCount: n, blockCount: blockCount)
                            let inA = keys.baseAddress!
                            let inB = inA + n
                            let outA = inB + n
                            let outB = outA + n
                            let inverseIn = 1 / nIn
                            let inverseOut = 1 / nOut
                            // The zero-variance rule of `BlockMoments.sharpe` on q − s²/n = (n − 1)·variance.
                            let thresholdIn = 1e-12 * (nIn - 1) * inverseIn
                            let thresholdOut = 1e-12 * (nOut - 1) * inverseOut
                            for r in 0..<n {
                                let (a, b) = Self.key(sumIn[r], squareIn[r], inverseIn, thresholdIn)
                                inA[r] = a
                                inB[r] = b
                                let (c, d) = Self.key(sumOut[r], squareOut[r], inverseOut, thresholdOut)
                                outA[r] = c
                                outB[r] = d
                            }
                            let first = Self.split(
                                mask: mask, runCount: n, inSample: (inA, inB), outOfSample: (outA, outB),
                                sharpe: { Self.sharpe(sumIn[$0], squareIn[$0], nIn) },
                                outOfSampleSharpe: { Self.sharpe(sumOut[$0], squareOut[$0], nOut) })
                            let second = Self.split(
                                mask: full ^ mask, runCount: n, inSample: (outA, outB), outOfSample: (inA, inB),
                                sharpe: { Self.sharpe(sumOut[$0], squareOut[$0], nOut) },
                                outOfSampleSharpe: { Self.sharpe(sumIn[$0], squareIn[$0], nIn) })
                            return (first, second)
                        }
                    }
                }
            }
        }
    }

    /// The ranking key (s·|s|, q − s²/n) of a half with sums s and q; (0, 1) when the variance is
    /// zero (below 1e-12 of the mean square, as in `BlockMoments.sharpe`).
    @inline(__always)
    private static func key(_ s: Double, _ q: Double, _ inverseCount: Double, _ threshold: Double) -> (Double, Double) {
        let deviations = q - s * s * inverseCount
        return deviations > threshold * q ? (s * abs(s), deviations) : (0, 1)
    }

    /// The Sharpe ratio of a half: mean / sample standard deviation, 0 when the variance is zero.
    private static func sharpe(_ s: Double, _ q: Double, _ count: Double) -> Double {
        BlockMoments.sharpe(count: count, sum: s, sumOfSquares: q) ?? 0
    }

    /// n* (the first maximum of the in-sample keys), its out-of-sample average rank among all
    /// runs, ω̄ and λ.
    private static func split(
        mask: UInt64, runCount n: Int, inSample: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>),
        outOfSample: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>), sharpe: (Int) -> Double,
        outOfSampleSharpe: (Int) -> Double
    ) -> OverfittingAnalysis.Split {
        let (a, b) = inSample
        var best = 0
        for r in 1..<n where a[r] * b[best] > a[best] * b[r] { best = r }
        let (c, d) = outOfSample
        let value = c[best]
        let scale = d[best]
        let (below, equal) = Self.countBelowAndEqual(c, d, value: value, scale: scale, count: n)
        // Ascending ranks from 1; the `equal` tied runs (n* among them) share the mean of their ranks.
        let rank = Double(below) + Double(equal + 1) / 2
        let count = Double(n)
        return OverfittingAnalysis.Split(
            inSampleBlocks: mask, bestRun: best, inSampleSharpe: sharpe(best), outOfSampleSharpe: outOfSampleSharpe(best),
            relativeRank: rank / (count + 1), logit: log(rank / (count + 1 - rank)))
    }

    /// destination[r] = the sum over the blocks in `half`, in ascending block order, of run r's
    /// value in `blockMajor` (block b's values at b · runCount): four runs at a time, the whole sum
    /// kept in a register and stored once.
    @inline(__always)
    private static func sumBlocks(
        _ half: UInt64, of blockMajor: UnsafePointer<Double>, into destination: UnsafeMutablePointer<Double>, runCount n: Int,
        blockCount: Int
    ) {
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: blockCount) { blocks in
            var k = 0
            for b in 0..<blockCount where half & (1 << UInt64(b)) != 0 {
                blocks[k] = UnsafeRawPointer(blockMajor + b &* n)
                k &+= 1
            }
            guard k > 0 else { return }
            let out = UnsafeMutableRawPointer(destination)
            var i = 0
            while i &+ 4 <= n {
                let byte = i &* MemoryLayout<Double>.stride
                var sum = blocks[0].loadUnaligned(fromByteOffset: byte, as: SIMD4<Double>.self)
                var j = 1
                while j < k {
                    sum += blocks[j].loadUnaligned(fromByteOffset: byte, as: SIMD4<Double>.self)
                    j &+= 1
                }
                out.storeBytes(of: sum, toByteOffset: byte, as: SIMD4<Double>.self)
                i &+= 4
            }
            while i < n {
                var sum = blocks[0].load(fromByteOffset: i &* 8, as: Double.self)
                for j in 1..<k { sum += blocks[j].load(fromByteOffset: i &* 8, as: Double.self) }
                destination[i] = sum
                i &+= 1
            }
        }
    }

    /// How many i < count have a[i]/b[i] below, and equal to, value/scale (all b and scale > 0),
    /// compared as a[i]·scale against value·b[i], four at a time.
    @inline(__always)
    private static func countBelowAndEqual(
        _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, value: Double, scale: Double, count: Int
    ) -> (Int, Int) {
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        var below = SIMD4<Int64>(repeating: 0)
        var equal = SIMD4<Int64>(repeating: 0)
        let one = SIMD4<Int64>(repeating: 1)
        let zero = SIMD4<Int64>(repeating: 0)
        var i = 0
        while i &+ 4 <= count {
            let byte = i &* MemoryLayout<Double>.stride
            let left = rawA.loadUnaligned(fromByteOffset: byte, as: SIMD4<Double>.self) * scale
            let right = rawB.loadUnaligned(fromByteOffset: byte, as: SIMD4<Double>.self) * value
            below &+= zero.replacing(with: one, where: left .< right)
            equal &+= zero.replacing(with: one, where: left .== right)
            i &+= 4
        }
        var belowCount = Int(below.wrappedSum())
        var equalCount = Int(equal.wrappedSum())
        while i < count {
            let left = a[i] * scale
            let right = value * b[i]
            if left < right { belowCount &+= 1 }
            if left == right { equalCount &+= 1 }
            i &+= 1
        }
        return (belowCount, equalCount)
    }
}
