import Testing

@testable import Engine

@Suite struct BlockMomentsTests {
    @Test func blocksLeaveOutTheLeadingRemainder() throws {
        // T = 11, S = 3: blocks of 3, the 2 oldest returns left out.
        #expect(BlockMoments.blockRanges(count: 11, blocks: 3) == [2..<5, 5..<8, 8..<11])
        #expect(BlockMoments.blockRanges(count: 12, blocks: 3) == [0..<4, 4..<8, 8..<12])
        let returns: [Double] = [100, 200, 1, 2, 3, 4, 5, 6, -1, 0, 1]
        let moments = try #require(BlockMoments(returns: returns, blocks: 3))
        #expect(moments.counts == [3, 3, 3])
        #expect(moments.sums == [6, 15, 0])
        #expect(moments.sumsOfSquares == [14, 77, 2])
    }

    @Test func sharpeOfAUnionMatchesTheConcatenatedReturns() throws {
        var random = SplitMix64(seed: 7)
        let returns = (0..<103).map { _ in 0.001 + 0.01 * random.normal() }
        let moments = try #require(BlockMoments(returns: returns, blocks: 10))
        let ranges = try #require(BlockMoments.blockRanges(count: 103, blocks: 10))
        let chosen = [0, 3, 4, 9]
        let direct = try #require(ReturnMoments(chosen.flatMap { Array(returns[ranges[$0]]) }))
        let fromSums = try #require(moments.sharpe(ofBlocks: chosen))
        #expect(abs(fromSums - direct.sharpe) <= 1e-12 * abs(direct.sharpe))
    }

    @Test func meaninglessInputsAreNil() {
        #expect(BlockMoments.blockRanges(count: 5, blocks: 1) == nil)
        #expect(BlockMoments.blockRanges(count: 5, blocks: 6) == nil)
        #expect(BlockMoments(returns: [0.1, 0.2], blocks: 3) == nil)
        #expect(BlockMoments(counts: [1], sums: [0], sumsOfSquares: [0]) == nil)
        #expect(BlockMoments(counts: [1, 1], sums: [0, .nan], sumsOfSquares: [0, 0]) == nil)
        #expect(BlockMoments(counts: [1, 0], sums: [0, 0], sumsOfSquares: [0, 0]) == nil)
        let flat = BlockMoments(returns: [0, 0, 0, 0], blocks: 2)
        #expect(flat?.sharpe(ofBlocks: [0, 1]) == nil)  // no variance
        #expect(flat?.sharpe(ofBlocks: []) == nil)
    }
}
