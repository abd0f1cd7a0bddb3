import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file that could not be written, with the system's reason: "No space left on device",
/// "Read-only file system", "Permission denied".
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public let path: String
    /// The errno of the call that failed.
    public let code: Int32

    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }

    /// The system's words for `code`.
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "cannot write \(path): \(reason)" }

    /// What to do about it, for the reasons a user can fix.
    public var remedy: String {
        switch code {
        case ENOSPC, EDQUOT: "free space on that disk"
        case EROFS: "the file system is mounted read-only: remount it, or write elsewhere"
        case EACCES, EPERM: "check the permissions of the folder"
        default: "check the folder"
        }
    }
}
