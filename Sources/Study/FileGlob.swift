import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Shell-style file name patterns (`*`, `?`, `[...]`), as `data.glob` takes them.
enum FileGlob {
    /// The paths matching `pattern`, folders marked with a trailing `/`, in the system's order; none
    /// when nothing matches or the pattern cannot be read.
    static func matches(_ pattern: String) -> [String] {
        var found = glob_t()
        defer { globfree(&found) }
        guard glob(pattern, GLOB_MARK, nil, &found) == 0 else { return [] }
        return (0..<Int(found.gl_pathc)).compactMap { found.gl_pathv[$0].map { String(cString: $0) } }
    }
}
