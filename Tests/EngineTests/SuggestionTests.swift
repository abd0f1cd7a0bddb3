import Testing
@testable import Engine

@Suite struct SuggestionTests {
    @Test func typosSwapsAndAbbreviationsFindTheirName() {
        let plugins = ["signal_exit", "fixed_percentage_exit", "atr_exit", "trailing_stop_exit", "time_exit"]
        #expect(Suggestion.closest(to: "atr_exti", in: plugins) == "atr_exit")
        #expect(Suggestion.closest(to: "fixed_pct_exit", in: plugins) == "fixed_percentage_exit")
        #expect(Suggestion.closest(to: "trail_stop_exit", in: plugins) == "trailing_stop_exit")
        #expect(Suggestion.closest(to: "fsat", in: ["fast", "slow"]) == "fast")
        #expect(Suggestion.closest(to: "banana", in: plugins) == nil)
        #expect(Suggestion.closest(to: "sharpe", in: ["sortino_ratio", "sharpe_ratio"]) == "sharpe_ratio")
        #expect(Suggestion.didYouMean("platfrom", in: ["platform", "data"]) == " (did you mean 'platform'?)")
    }
}
