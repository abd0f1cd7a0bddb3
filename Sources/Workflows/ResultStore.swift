/// Where the site reads the stored result of a run, by config hash: the result cache in a build,
/// anything else in a test. The site never reads the cache's files itself.
public protocol ResultStore: Sendable {
    /// The stored result of `hash`; nil when there is none that can be read.
    func storedResult(_ hash: String) -> StoredResult?
    /// `part` of the stored result of `hash` (the whole of it, unless the store can do less).
    func storedResult(_ hash: String, part: StoredResult.Part) -> StoredResult?
}

extension ResultStore {
    public func storedResult(_ hash: String, part: StoredResult.Part) -> StoredResult? { storedResult(hash) }
}

extension ResultCache: ResultStore {
    public func storedResult(_ hash: String) -> StoredResult? { storedResult(hash, part: .all) }

    public func storedResult(_ hash: String, part: StoredResult.Part) -> StoredResult? {
        guard case .hit(let data) = read(hash) else { return nil }
        return StoredResult(decoding: data, part: part)
    }
}
