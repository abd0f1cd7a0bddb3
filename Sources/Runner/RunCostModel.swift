import Foundation
import Storage

/// Measured seconds per run, by data set, kept in the cache folder so `plan` can estimate how
/// long the runs still to do will take.
public final class RunCostModel: @unchecked Sendable {
    private let file: URL
    private var seconds: [String: Double] = [:]
    private var changed = false
    private let lock = NSLock()

    /// Opens the model in `cacheDirectory`.
    public init(cacheDirectory: URL) {
        file = cacheDirectory.appendingPathComponent("timing.tsv")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 2, let value = Double(fields[1]), value.isFinite, value >= 0 { seconds[String(fields[0])] = value }
        }
    }

    /// Records one run's duration (an exponential moving average, so old machines fade out).
    public func record(_ key: String, seconds value: Double) {
        lock.withLock {
            seconds[key] = seconds[key].map { 0.8 * $0 + 0.2 * value } ?? value
            changed = true
        }
    }

    /// Seconds per run on this data, when measured.
    public func estimate(_ key: String) -> Double? { lock.withLock { seconds[key] } }

    /// Saves the model when it changed.
    public func save() {
        let text: String? = lock.withLock {
            guard changed else { return nil }
            changed = false
            return seconds.keys.sorted().map { "\($0)\t\(seconds[$0]!)\n" }.joined()
        }
        guard let text else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(Data(text.utf8), to: file)
    }
}
