import Engine
import Storage

/// Digests of slices of one series of bars: the data part of a config hash (DESIGN section 8), so
/// that a run's hash covers exactly the bars it reads and appending bars changes only the hashes
/// of runs whose range reaches them.
///
/// A slice's digest is SHA-256 of a version line and then, per bar, its time (Int64) and open,
/// high, low, close and volume (IEEE-754 bits), little-endian. Slices that start at the same bar
/// share their prefix: each start keeps the running SHA-256 state at every end asked for, and a
/// new end continues from the nearest state before it, so the walk-forward windows over one file
/// (one start, many ends) cost one pass over the bars instead of one per window.
struct BarsDigest {
    /// Bumped if the bytes hashed per bar ever change.
    static let version = "backlab-bars 1\n"

    let bars: BarSeries
    /// For each first bar: the states at the ends computed so far, ascending by end.
    private var checkpoints: [Int: [(end: Int, state: SHA256Stream)]] = [:]

    init(bars: BarSeries) { self.bars = bars }

    /// The digest of the bars `range` (indices into `bars`).
    mutating func digest(of range: Range<Int>) -> String {
        var states = checkpoints[range.lowerBound] ?? []
        // Continue from the furthest state at or before the end; a new start begins with the version.
        let position = states.lastIndex { $0.end <= range.upperBound }
        var stream: SHA256Stream
        var from: Int
        if let position {
            stream = states[position].state
            from = states[position].end
        } else {
            stream = SHA256Stream()
            stream.update(Array(Self.version.utf8))
            from = range.lowerBound
        }
        Self.feed(bars, from: from, to: range.upperBound, into: &stream)
        if position.map({ states[$0].end }) != range.upperBound {
            states.insert((range.upperBound, stream), at: position.map { $0 + 1 } ?? 0)
            checkpoints[range.lowerBound] = states
        }
        return stream.hex()
    }

    /// Feeds bars `from..<to` as 48 bytes each, a chunk at a time.
    private static func feed(_ bars: BarSeries, from: Int, to: Int, into stream: inout SHA256Stream) {
        let chunk = 4096
        var buffer = [UInt8](repeating: 0, count: chunk * 48)
        var start = from
        while start < to {
            let end = min(to, start + chunk)
            buffer.withUnsafeMutableBytes { raw in
                var offset = 0
                func put(_ value: UInt64) {
                    raw.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
                    offset += 8
                }
                for i in start..<end {
                    put(UInt64(bitPattern: bars.time[i]))
                    put(bars.open[i].bitPattern)
                    put(bars.high[i].bitPattern)
                    put(bars.low[i].bitPattern)
                    put(bars.close[i].bitPattern)
                    put(bars.volume[i].bitPattern)
                }
                stream.update(UnsafeRawBufferPointer(rebasing: raw[0..<offset]))
            }
            start = end
        }
    }
}
