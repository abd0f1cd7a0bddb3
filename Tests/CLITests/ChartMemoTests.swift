import Foundation
import Report
import Testing
import Workflows

/// `backlab serve` keeps the charts of its builds (`ChartMemo`) and draws only those whose model
/// changed: the site must be the one a fresh build writes, byte for byte.
@Suite struct ChartMemoTests {
    /// Every file of the site (not the build's hidden state) with its bytes.
    static func site(_ project: BuildFixture) throws -> [String: Data] {
        let built = try #require(BuiltSite(output: project.root.appendingPathComponent("output")))
        var files: [String: Data] = [:]
        for path in built.files { files[path] = try Data(contentsOf: project.root.appendingPathComponent("output/\(path)")) }
        return files
    }

    @Test func chartsOfAnEarlierBuildAreReusedOnlyWhereTheirModelIsTheSameAndTheSiteIsAFreshBuildsByteForByte() throws {
        let project = try BuildFixture.standard()
        let memo = ChartMemo()
        #expect(try project.buildInProcess(memo: memo).exitCode == 0)
        #expect(memo.reused == 0 && memo.count > 20)
        // One more grid value: the grid's heatmap and table change, most run charts do not.
        let plan = BuildFixture.gridPlan.replacingOccurrences(of: "end: 20", with: "end: 25")
        try project.write("studies/grid/optimization.yaml", plan)
        let second = try project.buildInProcess(memo: memo)
        #expect(second.exitCode == 0 && second.ran > 0)
        #expect(memo.reused > 0)
        let drawnAgain = memo.reused
        // A fresh project with the same studies, built without a memo: the same site.
        let fresh = try BuildFixture.standard()
        try fresh.write("studies/grid/optimization.yaml", plan)
        #expect(try fresh.buildInProcess().exitCode == 0)
        let expected = try Self.site(fresh)
        let served = try Self.site(project)
        #expect(served.keys.sorted() == expected.keys.sorted())
        for (path, bytes) in expected { #expect(served[path] == bytes, "\(path)") }
        // Back to the first plan: every chart of the grid's first build is its own again.
        try project.write("studies/grid/optimization.yaml", BuildFixture.gridPlan)
        #expect(try project.buildInProcess(memo: memo).exitCode == 0)
        #expect(memo.reused > drawnAgain)
    }
}
