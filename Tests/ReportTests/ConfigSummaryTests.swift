import Foundation
import Study
import Testing

@testable import Report

/// The data line at the top of a page names momentum only when the market has some, so pages of
/// a random walk read as they always have.
@Suite struct ConfigSummaryTests {
    func dataLine(_ synthetic: String) throws -> String? {
        let folder = URL(fileURLWithPath: "/studies/x")
        let yaml = "data: {synthetic: {\(synthetic)}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n"
        let root = try YAMLSource(text: yaml, displayPath: "x/run.yaml", folder: folder).root
        let config = try RunConfigDecoder.decode(root, file: "x/run.yaml", folder: folder)
        return ConfigSummary.pairs(config).first { $0.name == "Data" }?.value
    }

    @Test func momentumIsNamedOnlyWhenSet() throws {
        #expect(
            try dataLine("seed: 21, bars: 400")
                == "synthetic: seed 21, 400 bars of 1d from 2015-01-02, drift 8.00%, volatility 20.00% (weekdays)")
        #expect(
            try dataLine("seed: 21, bars: 400, momentum: 0.5")
                == "synthetic: seed 21, 400 bars of 1d from 2015-01-02, drift 8.00%, volatility 20.00%, momentum 0.5 (weekdays)")
    }
}
