import Engine
import Foundation
import Storage
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

    @Test func theCurrencyIsDisplayOnlyAndChangesNeitherTheHashNorTheTrialKey() throws {
        let root = try ConfigNode.parse(Self.base + "platform: {initial_capital: 5000, currency: EUR}\n", file: "run.yaml")
        let withCurrency = try RunConfigDecoder.decode(root, file: "run.yaml", folder: URL(fileURLWithPath: "/s"))
        #expect(withCurrency.currency == "EUR")
        var without = withCurrency
        without.currency = nil
        #expect(ConfigHash.of(withCurrency, dataFingerprint: "f") == ConfigHash.of(without, dataFingerprint: "f"))
        #expect(withCurrency.trialKey(dataPaths: []) == without.trialKey(dataPaths: []))
        #expect(try hash(Self.base + "platform: {currency: USD}\n") == (try hash(Self.base)))
    }

    @Test func valuesThatAffectResultsChangeTheHash() throws {
        let reference = try hash(Self.base)
        #expect(try hash(Self.base, fingerprint: "other data") != reference)
        #expect(try hash(Self.base.replacingOccurrences(of: "fast: 10", with: "fast: 11")) != reference)
        #expect(try hash(Self.base + "platform: {fees_pct: 0.002}\n") != reference)
        #expect(try hash(Self.base + "metrics: {periods_per_year: 365}\n") != reference)
    }

    @Test func theHashAndTheTrialKeyAreTheCanonicalJSONsHashed() throws {
        let yaml = Self.base + "platform: {fees_pct: 0.002}\nmetrics: {risk_free_rate: 0.01}\n"
        let root = try ConfigNode.parse(yaml, file: "run.yaml")
        var config = try RunConfigDecoder.decode(root, file: "run.yaml", folder: URL(fileURLWithPath: "/s"))
        config.data.tradeStart = 1_451_865_600_000
        // The hash: the canonical JSON with the bars' digest, then the engine version.
        let expected = SHA256Digest.hex(
            config.canonicalJSON(dataFingerprint: "f").bytes() + Array("\nengine:\(EngineVersion.current)".utf8))
        #expect(ConfigHash.of(config, dataFingerprint: "f") == expected)
        // The trial key: the canonical JSON with the data source and no range.
        let trial = SHA256Digest.hex(config.json(data: .object([("file", .string("d.csv"))])).bytes())
        #expect(config.trialKey(dataPaths: []) == trial)
        let keys = ConfigHash.keys(of: config, dataFingerprint: "f", trialDataPaths: [])
        #expect(keys.hash == expected && keys.trial == trial)
        #expect(ConfigHash.keys(of: config, dataFingerprint: "f", trialDataPaths: nil).trial == nil)
        // The range of bars is not part of the trial; a grid-varied data key is.
        var later = config
        later.data.tradeStart = 1_483_401_600_000
        later.data.end = 1_514_764_800_000
        #expect(later.trialKey(dataPaths: []) == trial)
        let end = try #require(ConfigPath.resolve(["data", "end"], in: config))
        #expect(later.trialKey(dataPaths: [end]) != config.trialKey(dataPaths: [end]))
    }

    @Test func canonicalJSONSortsKeysAndWritesNumbersOneWay() {
        let json = JSONValue.object([("b", .number(2.0)), ("a", .array([.number(0.1), .string("x\"y\u{1}"), .null, .bool(true)]))])
        #expect(json.text() == #"{"a":[0.1,"x\"y\u0001",null,true],"b":2}"#)
    }
}
