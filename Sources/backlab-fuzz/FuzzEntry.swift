import Foundation
import FuzzTargets

// Built with -DFUZZING and -sanitize=fuzzer (scripts/fuzz.sh), this is a libFuzzer target: the
// target is named by BACKLAB_FUZZ_TARGET (this fuzzing binary only; nothing shipped reads it).
// Built plainly, it replays files: `backlab-fuzz TARGET FILE...` feeds each file to the target,
// so a crash found by the fuzzer can be run again under a debugger.

#if FUZZING
    nonisolated(unsafe) private var selected: (@Sendable (Data) -> Void)?

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
        if selected == nil {
            let name = ProcessInfo.processInfo.environment["BACKLAB_FUZZ_TARGET"] ?? ""
            guard let target = FuzzTargets.all[name] else {
                FileHandle.standardError.write(Data("set BACKLAB_FUZZ_TARGET to one of \(FuzzTargets.all.keys.sorted())\n".utf8))
                exit(2)
            }
            selected = target
        }
        selected?(Data(bytes: bytes, count: count))
        return 0
    }
#else
    @main
    struct Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTargets.all[name] else {
                print("usage: backlab-fuzz TARGET FILE...   (targets: \(FuzzTargets.all.keys.sorted().joined(separator: ", ")))")
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                target(data)
                print("ok \(path)")
            }
        }
    }
#endif
