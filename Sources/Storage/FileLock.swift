import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An advisory lock on a file (flock): shared or exclusive, held until `release()` or the end of
/// the process (the kernel drops it when the descriptor closes, so a killed holder never leaves a
/// stale lock behind). The holder of an exclusive lock writes its process id into the file, for
/// the message of whoever has to wait.
public final class FileLock: @unchecked Sendable {
    /// The lock file.
    public let url: URL
    private var descriptor: Int32

    /// Who holds a lock that was not free: the process id its holder wrote, when there is one.
    public struct Busy: Error, Sendable {
        public let holder: Int32?
    }

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = descriptor
    }

    /// Takes the lock of `url` (created with its folder when missing). When another process
    /// holds it: `wait` false throws `Busy` at once; otherwise `waiting` is called once with the
    /// holder's process id and the call blocks until the lock is free.
    public static func acquire(
        _ url: URL, exclusive: Bool, wait: Bool, waiting: (Int32?) -> Void = { _ in }
    ) throws -> FileLock {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
        }
        let mode = exclusive ? LOCK_EX : LOCK_SH
        if flock(descriptor, mode | LOCK_NB) != 0 {
            let holder = Self.holder(descriptor)
            guard wait else {
                close(descriptor)
                throw Busy(holder: holder)
            }
            waiting(holder)
            while flock(descriptor, mode) != 0 {
                guard errno == EINTR else {
                    close(descriptor)
                    throw Busy(holder: holder)
                }
            }
        }
        let lock = FileLock(url: url, descriptor: descriptor)
        if exclusive {
            let pid = Array("\(getpid())\n".utf8)
            _ = ftruncate(descriptor, 0)
            _ = pwrite(descriptor, pid, pid.count, 0)
        }
        return lock
    }

    /// The process id written in the lock file, if any.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Releases the lock (also done when the lock is freed).
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
