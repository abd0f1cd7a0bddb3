import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An advisory lock on a file (a POSIX record lock, fcntl): shared or exclusive, held until
/// `release()` or the end of the process (the kernel drops it when the process ends, however it
/// ends, so a killed holder never leaves a stale lock). The file stays empty and untouched; who
/// holds a lock is asked of the kernel (F_GETLK), for the message of whoever has to wait.
///
/// Record locks belong to the process: threads of one process never wait for each other, and the
/// lock goes when the process closes any descriptor of the file, so open it through here only.
public final class FileLock: @unchecked Sendable {
    /// The lock file.
    public let url: URL
    private var descriptor: Int32

    /// Who holds a lock that was not free: the holder's process id, when the kernel says.
    public struct Busy: Error, Sendable {
        public let holder: Int32?
    }

    /// A lock the system would not take or wait for (not because someone holds it).
    public struct LockError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let code: Int32
        public var description: String { "cannot lock \(path): \(String(cString: strerror(code)))" }
    }

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = descriptor
    }

    /// Takes the lock of `url` (created with its folder when missing). When another process
    /// holds it: `wait` false throws `Busy` at once; otherwise `waiting` is called once with the
    /// holder's process id and the call blocks until the lock is free. On a read-only file system
    /// nobody can write, so there is nothing to guard: the lock is a no-op.
    public static func acquire(
        _ url: URL, exclusive: Bool, wait: Bool, waiting: (Int32?) -> Void = { _ in }
    ) throws -> FileLock {
        do {
            try AtomicFile.createFolder(url.deletingLastPathComponent())
        } catch let error as FileWriteError where error.code == EROFS {
            return FileLock(url: url, descriptor: -1)
        }
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EROFS { return FileLock(url: url, descriptor: -1) }
            throw FileWriteError(path: url.path, code: errno)
        }
        var request = flock()
        request.l_type = Int16(exclusive ? F_WRLCK : F_RDLCK)
        request.l_whence = Int16(SEEK_SET)
        if fcntl(descriptor, F_SETLK, &request) != 0 {
            // Only EACCES and EAGAIN say another process holds it; anything else (ENOLCK on a
            // file system without locks) is its own error, not a false "busy".
            guard errno == EACCES || errno == EAGAIN else {
                let code = errno
                close(descriptor)
                throw LockError(path: url.path, code: code)
            }
            var probe = request
            let holder: Int32? = fcntl(descriptor, F_GETLK, &probe) == 0 && probe.l_type != Int16(F_UNLCK) ? probe.l_pid : nil
            guard wait else {
                close(descriptor)
                throw Busy(holder: holder)
            }
            waiting(holder)
            while fcntl(descriptor, F_SETLKW, &request) != 0 {
                guard errno == EINTR else {
                    let code = errno
                    close(descriptor)
                    throw LockError(path: url.path, code: code)
                }
            }
        }
        return FileLock(url: url, descriptor: descriptor)
    }

    /// Turns a shared lock into an exclusive one if no other process holds the file, without
    /// waiting; false when one does (or the lock is a no-op, on a read-only file system). The
    /// conversion is atomic: the shared lock is kept when it fails.
    public func tryExclusive() -> Bool {
        guard descriptor >= 0 else { return false }
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        return fcntl(descriptor, F_SETLK, &request) == 0
    }

    /// Releases the lock (also done when the lock is freed).
    public func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
