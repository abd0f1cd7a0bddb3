/// Lexical path clean-up for paths shown to users (no file system access).
enum PathText {
    /// Removes `.` segments and folds `dir/..`, keeping leading `..` of a relative path.
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for segment in path.split(separator: "/") {
            if segment == "." { continue }
            if segment == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if segment == "..", absolute {
                continue
            } else {
                parts.append(segment)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
