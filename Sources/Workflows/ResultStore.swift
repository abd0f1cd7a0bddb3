/// Where the site reads the stored result of a run, by config hash: the result cache in a build,
/// anything else in a test. The site never reads the cache's files itself.
public protocol ResultStore: Sendable {
    /// The stored result of `hash`; nil when there is none that can be read.
    func storedResult(_ hash: String) -> StoredResult?
}

extension ResultCache: ResultStore {
    public func storedResult(_ hash: String) -> StoredResult? {
        guard case .hit(let data) = read(hash) else { return nil }
        return StoredResult(decoding: data)
    }
}
