import Foundation

/// Writing files so that readers see the old content or the new, never a part.
public enum AtomicFile {
    /// Writes `data` to a unique temporary file beside `url`, then renames it over `url`.
    ///
    /// The rename makes the write atomic for every reader and against a killed process. There is
    /// deliberately no fsync: it serialised parallel workers on the file system's journal (a third
    /// of a grid's time), and a file damaged by a power loss fails verification and is recomputed.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { descriptor in data.withUnsafeBytes { writeAll(descriptor, $0) } }
    }

    /// Writes a file the way `write(_:to:)` does, its bytes written by `body` to the temporary
    /// file's descriptor (with `writeAll`); `body` returns nil, or the errno of what failed.
    public static func write(to url: URL, _ body: (Int32) -> Int32?) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp")
        // Plain POSIX calls: FileManager.createFile fsyncs every file.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: url.path, code: errno) }
        let failure = body(descriptor)
        // close reports what a delayed write found (NFS, a quota), so it counts too.
        let closed = close(descriptor) == 0 ? nil : errno
        if let code = failure ?? closed {
            unlink(temporary.path)
            throw FileWriteError(path: url.path, code: code)
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            unlink(temporary.path)
            throw FileWriteError(path: url.path, code: code)
        }
    }

    /// Writes all of `buffer` to `descriptor`, retrying after EINTR and short writes, `chunk`
    /// bytes a call when given (with `pause` microseconds between calls); nil, or the errno of the
    /// call that failed (ENOSPC for a write that wrote nothing).
    public static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, chunk: Int? = nil, pause: UInt32 = 0) -> Int32? {
        var done = 0
        while done < buffer.count {
            if pause > 0, done > 0 { usleep(pause) }
            let written = Foundation.write(descriptor, buffer.baseAddress! + done, min(chunk ?? buffer.count, buffer.count - done))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return written < 0 ? errno : ENOSPC }
            done += written
        }
        return nil
    }

    /// Writes only when the content differs, so unchanged files keep their bytes and mtime.
    /// Returns whether the file was written.
    @discardableResult
    public static func writeIfChanged(_ data: Data, to url: URL) throws -> Bool {
        if let existing = FileManager.default.contents(atPath: url.path), existing == data { return false }
        try createFolder(url.deletingLastPathComponent())
        try write(data, to: url)
        return true
    }

    /// Creates `folder` and its parents when missing (mkdir, so a failure keeps its errno: Foundation
    /// on Linux loses it); a failure is a `FileWriteError` naming the folder that could not be made.
    public static func createFolder(_ folder: URL) throws {
        var info = stat()
        if stat(folder.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return }
        var path = ""
        for component in folder.standardizedFileURL.path.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw FileWriteError(path: path, code: errno) }
        }
    }
}

extension AtomicFile {
    /// Creates `url`, which must not exist, with `data` and `mode`, and fsyncs it before it is
    /// closed: for files that must be on disk before something points at them (a published
    /// version, before the switch of `current`). A failure removes what was made.
    public static func createDurably(_ data: Data, at url: URL, mode: mode_t) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileWriteError(path: url.path, code: errno) }
        var failure = data.withUnsafeBytes { writeAll(descriptor, $0) }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        let closed = close(descriptor) == 0 ? nil : errno
        if let code = failure ?? closed {
            unlink(url.path)
            throw FileWriteError(path: url.path, code: code)
        }
    }

    /// fsyncs a folder, so the names made or renamed in it survive a power loss; false when it
    /// could not be opened or synced (some file systems refuse folders: nothing more can be done).
    @discardableResult
    public static func syncFolder(_ folder: URL) -> Bool {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return fsync(descriptor) == 0
    }
}
