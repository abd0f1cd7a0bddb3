import Foundation

/// The whole content of a regular file, read once into one block of memory and shared read-only by
/// whoever needs it (the fingerprint's hash and the CSV parser run over the same bytes at once).
///
/// Read, not mapped: a mapped file that another program truncates while it is read kills the
/// process with SIGBUS, and data files are rewritten in place by the scripts that make them.
public final class FileBytes: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    /// The number of bytes.
    public let count: Int

    /// Reads the file at `path`. Throws a `CocoaError` naming the path when it cannot be opened
    /// or read, or is not a regular file (a FIFO or a device could block for ever).
    public init(contentsOf path: String) throws {
        func failure(_ code: CocoaError.Code = .fileReadUnknown) -> CocoaError {
            CocoaError(code, userInfo: [NSFilePathErrorKey: path])
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw failure(errno == ENOENT ? .fileReadNoSuchFile : .fileReadUnknown) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size >= 0 else { throw failure() }
        let size = Int(info.st_size)
        let block = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 64)
        var done = 0
        // A file that grows while it is read is read to its size when opened; one that shrinks is
        // read to its new end.
        while done < size {
            let got = pread(descriptor, block + done, size - done, off_t(done))
            if got < 0 && errno == EINTR { continue }
            if got < 0 {
                block.deallocate()
                throw failure()
            }
            if got == 0 { break }
            done += got
        }
        base = block
        count = done
    }

    deinit { base.deallocate() }

    /// Runs `body` with the bytes (valid only inside `body`).
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }
}
