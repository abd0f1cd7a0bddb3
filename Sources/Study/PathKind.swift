import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a path a study names really is, checked before anything reads it: reading a folder
/// fails late with a misleading message, and reading a FIFO or a device can block for ever.
public enum PathKind {
    /// What is at a path.
    public enum Found: Equatable {
        /// Nothing, not even a link.
        case nothing
        /// A regular file that can be read.
        case file
        /// Something that cannot be read as a file, and why ("is a folder, not a file").
        case unusable(String)
    }

    /// What is at `path`, from one lstat (and a stat when it is there).
    public static func check(_ path: String) -> Found {
        var link = stat()
        guard lstat(path, &link) == 0 else { return .nothing }
        var target = stat()
        if stat(path, &target) != 0 {
            switch errno {
            case ELOOP: return .unusable("is a link that loops back on itself")
            case ENOENT: return .unusable("is a link that leads to nothing")
            default: return .unusable("is a link that cannot be followed (\(String(cString: strerror(errno))))")
            }
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .unusable("is a folder, not a file")
        case S_IFIFO: return .unusable("is a named pipe (FIFO), not a file")
        case S_IFSOCK: return .unusable("is a socket, not a file")
        case S_IFCHR, S_IFBLK: return .unusable("is a device, not a file")
        default: return .unusable("is not a regular file")
        }
        return access(path, R_OK) == 0 ? .file : .unusable("cannot be read (permission denied)")
    }

    /// Why the path cannot be read as a file; nil for a regular file that can be read, and for
    /// nothing at all (a missing file is reported where it is read).
    public static func problem(_ path: String) -> String? {
        guard case .unusable(let why) = check(path) else { return nil }
        return why
    }
}
