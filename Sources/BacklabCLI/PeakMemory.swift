import Foundation

/// The process's peak resident memory in MB, from /proc (Linux); "?" elsewhere.
///
/// VmHWM is the high-water mark of this process image's own memory, so unlike ru_maxrss it
/// does not count the memory of a large parent that the process shared until its exec.
func peakMemoryMB() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return "?" }
    return String(format: "%.0f", kb / 1024)
}
