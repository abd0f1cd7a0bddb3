import Dispatch
import Foundation
import Synchronization

/// Where the parser puts the bars it reads.
protocol BarSink {
    var count: Int { get }
    mutating func append(time t: Int64, open o: Double, high h: Double, low l: Double, close c: Double, volume v: Double)
}

extension BarSeries: BarSink {}

extension CSVBarLoader {
    /// The bytes of a chunk the parallel parse aims for: small enough that the cores finish
    /// together (a hash of the same file runs beside them), large enough to cost nothing to start.
    static let chunkBytes = 2 << 20

    /// The body after the header (from `head`) parsed in chunks on every core, each chunk's bars
    /// written straight into its place in the columns. Chunks start after a line break, and each
    /// has room for one bar per line it holds (counted first, with memchr), so nothing is copied;
    /// a chunk with blank lines leaves a gap that is closed afterwards. Nil when any chunk (or the
    /// seam between two) has a problem: the caller then parses sequentially to report the first.
    static func parseChunks(_ buffer: UnsafeBufferPointer<UInt8>, from head: Parser, columns: Columns, chunkBytes: Int) -> BarSeries? {
        let end = buffer.count
        let start = head.position
        let pieces = max(1, min(4096, (end - start) / max(chunkBytes, 1)))
        var bounds = [start]
        for piece in 1..<pieces {
            var bound = max(bounds[piece - 1], start + (end - start) / pieces * piece)
            if bound < end, let base = buffer.baseAddress, bound > start, buffer[bound - 1] != 10 {
                bound = memchr(base + bound, 10, end - bound).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) + 1 } ?? end
            }
            bounds.append(bound)
        }
        bounds.append(end)
        nonisolated(unsafe) let bytes = buffer
        let limits = bounds
        // Room for each chunk: its line breaks, plus one for a last line without one.
        let room = Mutex<[Int]>(Array(repeating: 0, count: pieces))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let lines = lineBreaks(bytes, from: limits[piece], to: limits[piece + 1]) + 1
            room.withLock { $0[piece] = lines }
        }
        let capacity = room.withLock { $0 }
        var starts = [0]
        for lines in capacity { starts.append(starts.last! + lines) }
        let offsets = starts
        nonisolated(unsafe) let parser = head
        var failed = false
        let bars = BarSeries(unsafeUninitializedCapacity: offsets.last!) { columnsOut in
            let written = Mutex<[Int?]>(Array(repeating: nil, count: pieces))
            DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                var chunk = parser
                chunk.position = limits[piece]
                chunk.count = limits[piece + 1]
                var sink = ColumnSink(columns: columnsOut, offset: offsets[piece], capacity: capacity[piece])
                let ok = (try? chunk.rows(columns, into: &sink, requireRows: false)) != nil && !sink.overflowed
                written.withLock { $0[piece] = ok ? sink.count : nil }
            }
            let counts = written.withLock { $0 }
            guard counts.allSatisfy({ $0 != nil }) else {
                failed = true
                return 0
            }
            // Close the gaps and check that time rises across every seam.
            var total = 0
            var last: Int64?
            for piece in 0..<pieces {
                let n = counts[piece]!
                guard n > 0 else { continue }
                if let last, columnsOut.time[offsets[piece]] <= last {
                    failed = true
                    return 0
                }
                if total != offsets[piece] { columnsOut.move(from: offsets[piece], to: total, count: n) }
                total += n
                last = columnsOut.time[total - 1]
            }
            return total
        }
        guard !failed, bars.count > 0 else { return nil }
        return bars
    }

    /// The bars of a CSV file parsed in chunks of about `chunkBytes` only, whatever its size; nil
    /// when the chunked parse gave up (a problem somewhere). For tests, which must see the chunks
    /// succeed, not the sequential parse behind them.
    static func parseInChunksOnly(_ raw: UnsafeRawBufferPointer, chunkBytes: Int) throws -> BarSeries? {
        let buffer = raw.bindMemory(to: UInt8.self)
        var head = Parser(bytes: buffer, count: buffer.count, file: "")
        var fields: [Range<Int>] = []
        guard try head.nextLine(into: &fields) != nil else { return nil }
        return parseChunks(buffer, from: head, columns: try head.header(fields), chunkBytes: chunkBytes)
    }

    /// The number of line breaks in `from..<to`.
    static func lineBreaks(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var count = 0
        var position = from
        while position < to, let found = memchr(base + position, 10, to - position) {
            count += 1
            position = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
        }
        return count
    }
}

/// Bars written into a chunk's place in columns being filled.
struct ColumnSink: BarSink {
    let columns: BarSeries.ColumnPointers
    let offset: Int
    let capacity: Int
    var count = 0
    /// Set when more bars came than there was room for (never, as rooms are counted; checked).
    var overflowed = false

    init(columns: BarSeries.ColumnPointers, offset: Int, capacity: Int) {
        self.columns = columns
        self.offset = offset
        self.capacity = capacity
    }

    mutating func append(time t: Int64, open o: Double, high h: Double, low l: Double, close c: Double, volume v: Double) {
        guard count < capacity else {
            overflowed = true
            return
        }
        let i = offset + count
        columns.time[i] = t
        columns.open[i] = o
        columns.high[i] = h
        columns.low[i] = l
        columns.close[i] = c
        columns.volume[i] = v
        count += 1
    }
}
