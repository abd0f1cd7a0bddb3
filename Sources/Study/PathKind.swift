import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a path a study names really is, checked before anything reads it: reading a folder
/// fails late with a misleading message, and reading a FIFO or a device can block for ever.
public enum PathKind {
    /// Why the path cannot be read as a file ("is a folder, not a file"); nil for a regular file
    /// that can be read, and for nothing at all (a missing file is reported where it is read).
    public static func problem(_ path: String) -> String? {
        var link = stat()
        guard lstat(path, &link) == 0 else { return nil }
        var target = stat()
        if stat(path, &target) != 0 {
            switch errno {
            case ELOOP: return "is a link that loops back on itself"
            case ENOENT: return "is a link that leads to nothing"
            default: return "is a link that cannot be followed (\(String(cString: strerror(errno))))"
            }
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return "is a folder, not a file"
        case S_IFIFO: return "is a named pipe (FIFO), not a file"
        case S_IFSOCK: return "is a socket, not a file"
        case S_IFCHR, S_IFBLK: return "is a device, not a file"
        default: return "is not a regular file"
        }
        return access(path, R_OK) == 0 ? nil : "cannot be read (permission denied)"
    }
}
