import Foundation
import Testing

/// `platform.currency` only labels equity axes: adding it runs nothing again, keeps every config
/// hash and the trial ledger's count, and changes what the pages and charts say.
@Suite struct CurrencyTests {
    static func hashes(_ project: BuildFixture) throws -> [String] {
        let rows = try project.read("output/grid/results.csv").split(separator: "\n").dropFirst()
        return rows.map { String($0.split(separator: ",").last!) }.sorted()
    }

    @Test func aCurrencyChangesNoHashAndNoRunOnlyTheLabels() throws {
        let project = try BuildFixture.standard()
        _ = try project.build(["grid"])
        let hashes = try Self.hashes(project)
        #expect(hashes.count == 8)
        let chart = try Data(contentsOf: project.root.appendingPathComponent("output/grid/charts/top-equity.png"))
        let page = try project.read("output/grid/index.html")
        #expect(page.contains("capital 10,000.00; fees"))
        try project.write("studies/grid/run.yaml", BuildFixture.gridRun + "\nplatform: {currency: EUR}\n")
        let again = try project.build(["grid"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("  grid: 8 runs, 0 ran, 8 cached\n"), "\(again.stdout)")
        #expect(try Self.hashes(project) == hashes)
        #expect(try TrialLedgerTests.robustness(project)["trials"] as? Int == 8)
        #expect(try project.read("output/grid/index.html").contains("capital 10,000.00 EUR; fees"))
        // The axis caption is drawn into the chart: the same curves, other bytes.
        #expect(try Data(contentsOf: project.root.appendingPathComponent("output/grid/charts/top-equity.png")) != chart)
    }
}
