import Engine
import Foundation
import Testing

@testable import Study

@Suite struct ConfigHashTests {
    func hash(_ yaml: String, fingerprint: String = "abc") throws -> String {
        let root = try ConfigNode.parse(yaml, file: "run.yaml")
        let config = try RunConfigDecoder.decode(root, file: "run.yaml", folder: URL(fileURLWithPath: "/s"))
        return ConfigHash.of(config, dataFingerprint: fingerprint)
    }

    static let base = "data: {file: d.csv}\nstrategy: {signal_generator: {plugin: sma_cross, params: {fast: 10}}}\n"

    @Test func namesDescriptionsAndExplicitDefaultsDoNotChangeTheHash() throws {
        let reference = try hash(Self.base)
        #expect(try hash("name: Renamed\ndescription: words\n" + Self.base) == reference)
        #expect(try hash(Self.base + "platform: {fees_pct: 0.001, fill: next_open}\n") == reference)
        #expect(
            try hash("data: {file: d.csv}\nstrategy: {signal_generator: {plugin: sma_cross, params: {fast: 10.0, slow: 30}}}\n")
                == reference)
    }

    @Test func valuesThatAffectResultsChangeTheHash() throws {
        let reference = try hash(Self.base)
        #expect(try hash(Self.base, fingerprint: "other data") != reference)
        #expect(try hash(Self.base.replacingOccurrences(of: "fast: 10", with: "fast: 11")) != reference)
        #expect(try hash(Self.base + "platform: {fees_pct: 0.002}\n") != reference)
        #expect(try hash(Self.base + "metrics: {periods_per_year: 365}\n") != reference)
    }

    @Test func canonicalJSONSortsKeysAndWritesNumbersOneWay() {
        let json = JSONValue.object([("b", .number(2.0)), ("a", .array([.number(0.1), .string("x\"y\u{1}"), .null, .bool(true)]))])
        #expect(json.text() == #"{"a":[0.1,"x\"y\u0001",null,true],"b":2}"#)
    }
}
