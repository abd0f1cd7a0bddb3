/// The version of the engine's results. Bump it whenever a change makes any result differ, so
/// that cached results computed by older code are not reused.
public enum EngineVersion {
    /// Part of every config hash.
    public static let current = "1"
}
