import Engine
import Foundation
import Storage
import Testing

@testable import Workflows

/// The data part of a config hash: the digest of the bars a run reads, with shared prefixes.
@Suite struct BarsDigestTests {
    static let bars = SyntheticSource(seed: 5, bars: 9000, timeframe: Timeframe("1h")!, start: 0, tick: 0.01).generate()

    /// The digest as its definition says, computed the plain way: the version line, then 48 bytes
    /// a bar (time and the five columns, little-endian), hashed in one go.
    static func direct(_ range: Range<Int>) -> String {
        var bytes = Array(BarsDigest.version.utf8)
        func put(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        for i in range {
            put(UInt64(bitPattern: bars.time[i]))
            for column in [bars.open, bars.high, bars.low, bars.close, bars.volume] { put(column[i].bitPattern) }
        }
        return SHA256Digest.hex(bytes)
    }

    @Test func aSlicesDigestIsTheHashOfItsBarsWhateverWasAskedBefore() {
        // Ends asked for out of order, repeated, from two starts, across the 4096-bar chunks.
        let ranges = [0..<5000, 0..<100, 0..<9000, 0..<4096, 0..<4097, 250..<300, 250..<8000, 0..<5000, 0..<2, 250..<251]
        var digests = BarsDigest(bars: Self.bars)
        for range in ranges { #expect(digests.digest(of: range) == Self.direct(range), "\(range)") }
        #expect(Set(ranges.map { Self.direct($0) }).count == Set(ranges).count)
    }

    @Test func anyChangeToABarInTheSliceChangesItsDigestAndNoneOutsideIt() {
        var changed = Self.bars
        changed.volume[700] += 1
        var before = BarsDigest(bars: Self.bars)
        var after = BarsDigest(bars: changed)
        #expect(before.digest(of: 0..<700) == after.digest(of: 0..<700))
        #expect(before.digest(of: 0..<701) != after.digest(of: 0..<701))
        #expect(before.digest(of: 701..<900) == after.digest(of: 701..<900))
        var moved = Self.bars
        moved.time[3] += 1
        var shifted = BarsDigest(bars: moved)
        #expect(BarsDigest(bars: Self.bars).digestOnce(0..<10) != shifted.digest(of: 0..<10))
    }
}

extension BarsDigest {
    fileprivate func digestOnce(_ range: Range<Int>) -> String {
        var copy = self
        return copy.digest(of: range)
    }
}
