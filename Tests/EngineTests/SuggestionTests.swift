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

    @Test func aFormerNameSuggestsTheNameThatReplacedIt() {
        let params = ["period", "atr_multiplier", "risk_reward_ratio", "ignore_signal_exit"]
        // Spelling alone does not find it.
        #expect(Suggestion.closest(to: "rr_ratio", in: params) == nil)
        #expect(
            Suggestion.didYouMean("rr_ratio", in: params, renamed: ["rr_ratio": "risk_reward_ratio"])
                == " (did you mean 'risk_reward_ratio'? it was renamed)")
        // A typo of a current name is still a typo.
        #expect(Suggestion.didYouMean("perod", in: params, renamed: ["rr_ratio": "risk_reward_ratio"]) == " (did you mean 'period'?)")
    }
}
