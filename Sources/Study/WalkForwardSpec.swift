import Engine

/// A walk-forward study (walkforward.yaml, DESIGN section 8): the grid of optimization.yaml run on
/// each window's in-sample range, the best configuration then run on its out-of-sample range.
public struct WalkForwardSpec: Sendable {
    /// The windows' lengths, anchoring and first trade.
    public let settings: WalkForwardWindows.Settings
    /// Where each setting is written (the file itself for settings left at their default), so that
    /// a setting that does not fit the data is reported there.
    public let locations: Locations

    /// Where the settings are written in walkforward.yaml.
    public struct Locations: Sendable {
        /// The file.
        public let file: SourceLocation
        /// `in_sample`.
        public let inSample: SourceLocation
        /// `out_of_sample`.
        public let outOfSample: SourceLocation
        /// `step` (or `out_of_sample`, which it defaults to).
        public let step: SourceLocation
        /// `first_trade` (or the file).
        public let firstTrade: SourceLocation
    }
}
