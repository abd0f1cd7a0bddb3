import Foundation

/// Loads bars from a CSV file with a header row.
///
/// Columns are found by name, case-insensitively: a time column (`timestamp`, `datetime`, `date`
/// or `time`), `open`, `high`, `low`, `close` and optionally `volume`; other columns (such as
/// `Adj Close`) are ignored. Every bad value is reported with its file, line and column.
public enum CSVBarLoader {
    /// Names accepted for the time column, in order of preference.
    public static let timeColumnNames = ["timestamp", "datetime", "date", "time"]
    /// The longest line a data file may have, in bytes (a bar's line is well under 200).
    public static let maxLineBytes = 65_536
    /// The most columns a data file's header may name.
    public static let maxColumns = 1_000

    /// Reads and validates the file at `path`; `displayPath` is how errors name it.
    public static func load(path: String, displayPath: String? = nil) throws -> BarSeries {
        let shown = displayPath ?? path
        try checkHead(path: path, file: shown)
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw Diagnostic(
                file: shown, message: exists ? "cannot read the data file" : "data file not found",
                hint: exists ? "check the file's permissions" : "check data.file (relative paths start at the YAML file's folder)")
        }
        return try parse(data, file: shown)
    }

    /// Parses CSV bytes; `file` names the source in errors.
    public static func parse(_ data: Data, file: String) throws -> BarSeries {
        try data.withUnsafeBytes { try parse($0, file: file) }
    }

    /// Parses CSV bytes in place (no copy); `file` names the source in errors. A body over 1 MB is
    /// parsed in chunks on every core straight into the columns (see `parseChunks`); any problem
    /// is reported by a sequential pass, so messages (and which problem comes first) are the
    /// same either way.
    public static func parse(_ raw: UnsafeRawBufferPointer, file: String) throws -> BarSeries {
        try parse(raw, file: file, chunkBytes: chunkBytes)
    }

    /// `parse(_:file:)` with chunks of about `chunkBytes` (nil: sequential), for tests.
    static func parse(_ raw: UnsafeRawBufferPointer, file: String, chunkBytes: Int?) throws -> BarSeries {
        let buffer = raw.bindMemory(to: UInt8.self)
        let end = buffer.count
        try checkText(buffer, count: end, file: file)
        var head = Parser(bytes: buffer, count: end, file: file)
        var fields: [Range<Int>] = []
        guard try head.nextLine(into: &fields) != nil else {
            throw Diagnostic(file: file, message: "the data file is empty", hint: "it needs a header row and at least one bar")
        }
        let columns = try head.header(fields)
        if let chunkBytes, end - head.position > 1 << 20,
            let bars = parseChunks(buffer, from: head, columns: columns, chunkBytes: chunkBytes)
        {
            return bars
        }
        // Small, or a problem somewhere: the sequential parse, which reports the first problem.
        var bars = BarSeries(reservingCapacity: max(16, (end - head.position) / 48))
        try head.rows(columns, into: &bars)
        return bars
    }

    /// The first 64 KiB of the file at `path` checked before the whole file is read (a 1 GB
    /// binary file took 2 GB of memory to be told it is not text): a NUL byte, or a first line
    /// longer than `maxLineBytes`, is the file's error. A file that cannot be opened passes; its
    /// reader reports it.
    public static func checkHead(path: String, file: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: maxLineBytes + 1)
        let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return }
        try head.withUnsafeBufferPointer { try checkText($0, count: count, file: file) }
        if count > maxLineBytes, !head.prefix(count).contains(10) {
            throw Diagnostic(
                file: file, line: 1, message: "the line is longer than the \(maxLineBytes) bytes a data file's line may have",
                hint: "is this the right file? A bar's line is a timestamp and a few prices")
        }
    }

    /// A NUL byte means the file is not text (a binary file, or a UTF-16 one); the error names
    /// its line and column. memchr scans gigabytes a second, a small price next to parsing.
    static func checkText(_ buffer: UnsafeBufferPointer<UInt8>, count: Int, file: String) throws {
        guard count > 0, let base = buffer.baseAddress, let found = memchr(base, 0, count) else { return }
        let offset = UnsafeRawPointer(found) - UnsafeRawPointer(base)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where buffer[i] == 10 {
            line += 1
            lineStart = i + 1
        }
        throw Diagnostic(
            file: file, line: line, column: offset - lineStart + 1, message: "the data file holds a NUL byte: it is not CSV text",
            hint: "is this the right file? A data file is text with one bar per line (a UTF-16 file must be saved as UTF-8)")
    }

    struct Columns {
        var time = -1, open = -1, high = -1, low = -1, close = -1, volume = -1
        var needed: Int { max(time, open, high, low, close, volume) + 1 }
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var count: Int
        let file: String
        var position = 0
        var line = 0

        init(bytes: UnsafeBufferPointer<UInt8>, count: Int, file: String) {
            self.bytes = bytes
            self.count = count
            self.file = file
        }

        func fail(_ column: Int?, _ message: String, _ hint: String? = nil) -> Diagnostic {
            Diagnostic(file: file, line: line, column: column, message: message, hint: hint)
        }

        /// Field ranges of the next non-blank line, or nil at the end of the file; a line longer
        /// than `maxLineBytes` is an error.
        mutating func nextLine(into fields: inout [Range<Int>]) throws -> Int? {
            guard let base = bytes.baseAddress else { return nil }
            while position < count {
                line += 1
                let start = position
                // memchr finds the line's end and each comma many bytes a step.
                let end = memchr(base + start, 10, count - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? count
                position = end + 1
                if end - start > CSVBarLoader.maxLineBytes {
                    throw fail(
                        nil,
                        "the line is \(end - start) bytes long, more than the \(CSVBarLoader.maxLineBytes) a data file's line may have",
                        "is this the right file? A bar's line is a timestamp and a few prices")
                }
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
                if lineEnd == start { continue }
                fields.removeAll(keepingCapacity: true)
                var fieldStart = start
                while let comma = memchr(base + fieldStart, 44, lineEnd - fieldStart) {
                    let i = UnsafeRawPointer(comma) - UnsafeRawPointer(base)
                    fields.append(fieldStart..<i)
                    fieldStart = i + 1
                }
                fields.append(fieldStart..<lineEnd)
                return start
            }
            return nil
        }

        func trimmed(_ range: Range<Int>) -> Range<Int> {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper && (bytes[lower] == 32 || bytes[lower] == 9) { lower += 1 }
            while upper > lower && (bytes[upper - 1] == 32 || bytes[upper - 1] == 9) { upper -= 1 }
            if upper - lower >= 2 && bytes[lower] == 34 && bytes[upper - 1] == 34 {
                lower += 1
                upper -= 1
            }
            return lower..<upper
        }

        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// A field as a message quotes it: at most 40 characters, then an ellipsis.
        func excerpt(_ range: Range<Int>) -> String {
            let whole = text(range)
            return whole.count > 40 ? whole.prefix(40) + "…" : whole
        }

        mutating func header(_ fields: [Range<Int>]) throws -> Columns {
            guard fields.count <= CSVBarLoader.maxColumns else {
                throw fail(
                    nil, "the header has \(fields.count) columns, more than the \(CSVBarLoader.maxColumns) a data file may have",
                    "is this the right file? Bars need a time column, open, high, low, close and perhaps volume")
            }
            var names = fields.map { text(trimmed($0)).lowercased() }
            if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
            var columns = Columns()
            func index(_ name: String) -> Int { names.firstIndex(of: name) ?? -1 }
            for name in timeColumnNames where columns.time < 0 { columns.time = index(name) }
            columns.open = index("open")
            columns.high = index("high")
            columns.low = index("low")
            columns.close = index("close")
            columns.volume = index("volume")
            let missing = [
                ("a time column", columns.time), ("open", columns.open), ("high", columns.high),
                ("low", columns.low), ("close", columns.close),
            ].filter { $0.1 < 0 }.map(\.0)
            if !missing.isEmpty {
                throw fail(
                    1, "missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) in the header",
                    "the header row must name timestamp (or date, datetime, time), open, high, low, close; found: \(fields.prefix(20).map { excerpt(trimmed($0)).lowercased() }.joined(separator: ", "))\(fields.count > 20 ? ", …" : "")"
                )
            }
            return columns
        }

        func column(of range: Range<Int>, lineStart: Int) -> Int { range.lowerBound - lineStart + 1 }

        func number(_ field: Range<Int>, _ name: String, lineStart: Int) throws -> Double {
            let r = trimmed(field)
            let col = column(of: r, lineStart: lineStart)
            guard !r.isEmpty else { throw fail(col, "empty \(name) value", "every row needs a number in the \(name) column") }
            if let value = DecimalParser.parse(bytes, r.lowerBound, r.upperBound) { return value }
            // strtod needs a terminator, and the bytes are the file's own: the field is copied.
            var text = [CChar](repeating: 0, count: r.count + 1)
            for (index, byte) in bytes[r].enumerated() { text[index] = CChar(bitPattern: byte) }
            let (value, consumed) = text.withUnsafeBufferPointer { field -> (Double, Int) in
                var end: UnsafeMutablePointer<CChar>?
                let value = strtod(field.baseAddress!, &end)
                return (value, end.map { UnsafeRawPointer($0) - UnsafeRawPointer(field.baseAddress!) } ?? 0)
            }
            guard consumed == r.count else {
                throw fail(
                    col, "cannot read '\(excerpt(r))' as a number in the \(name) column", "write plain decimal numbers such as 101.25")
            }
            guard value.isFinite else {
                throw fail(col, "\(name) is \(excerpt(r)), not a finite number", "remove the row or fill in the missing price")
            }
            return value
        }

        /// The rows from `position` to `count`, appended to `bars`.
        mutating func rows<Sink: BarSink>(_ columns: Columns, into bars: inout Sink, requireRows: Bool = true) throws {
            var fields: [Range<Int>] = []
            var previous: Int64? = nil
            while let lineStart = try nextLine(into: &fields) {
                func nonPositive(_ value: Double, _ name: String, _ index: Int) -> Diagnostic {
                    fail(
                        column(of: trimmed(fields[index]), lineStart: lineStart), "\(name) price \(value) is not positive",
                        "prices must be greater than zero")
                }
                guard fields.count >= columns.needed else {
                    throw fail(
                        nil, "expected at least \(columns.needed) fields, found \(fields.count)",
                        "every row needs a value for each column of the header")
                }
                let timeRange = trimmed(fields[columns.time])
                let timeColumn = column(of: timeRange, lineStart: lineStart)
                guard let stamp = TimestampParser.parse(UnsafeBufferPointer(rebasing: bytes[timeRange])) else {
                    throw fail(
                        timeColumn, "cannot read '\(excerpt(timeRange))' as a timestamp",
                        "use ISO-8601 (2020-01-02 or 2020-01-02T09:30:00Z) or epoch seconds or milliseconds")
                }
                if let previous, stamp.millis <= previous {
                    throw fail(
                        timeColumn,
                        "timestamp \(UTCDate.iso8601(stamp.millis)) is not after the previous bar's \(UTCDate.iso8601(previous))",
                        "sort the rows by time and remove duplicates")
                }
                previous = stamp.millis
                let o = try number(fields[columns.open], "open", lineStart: lineStart)
                let h = try number(fields[columns.high], "high", lineStart: lineStart)
                let l = try number(fields[columns.low], "low", lineStart: lineStart)
                let c = try number(fields[columns.close], "close", lineStart: lineStart)
                if o <= 0 { throw nonPositive(o, "open", columns.open) }
                if h <= 0 { throw nonPositive(h, "high", columns.high) }
                if l <= 0 { throw nonPositive(l, "low", columns.low) }
                if c <= 0 { throw nonPositive(c, "close", columns.close) }
                if h < l {
                    throw fail(
                        column(of: trimmed(fields[columns.high]), lineStart: lineStart), "high \(h) is below low \(l)",
                        "check the column order and the row's values")
                }
                if o < l || o > h {
                    throw fail(
                        column(of: trimmed(fields[columns.open]), lineStart: lineStart),
                        "open \(o) is outside the bar's range [\(l), \(h)]", "open and close must lie between low and high")
                }
                if c < l || c > h {
                    throw fail(
                        column(of: trimmed(fields[columns.close]), lineStart: lineStart),
                        "close \(c) is outside the bar's range [\(l), \(h)]", "open and close must lie between low and high")
                }
                var v = 0.0
                if columns.volume >= 0, !trimmed(fields[columns.volume]).isEmpty {
                    v = try number(fields[columns.volume], "volume", lineStart: lineStart)
                }
                bars.append(time: stamp.millis, open: o, high: h, low: l, close: c, volume: v)
            }
            guard bars.count > 0 || !requireRows else {
                throw Diagnostic(
                    file: file, line: line, message: "the data file has a header but no bars", hint: "add at least one row of prices")
            }
        }
    }
}
