import Foundation
import Testing

/// The trial ledger (DESIGN section 8): N of the deflated Sharpe ratio counts every configuration a
/// study has evaluated, across builds; `clean` keeps it, `clean --ledger` forgets it.
@Suite struct TrialLedgerTests {
    static func robustness(_ project: BuildFixture) throws -> [String: Any] {
        let json = try JSONSerialization.jsonObject(with: Data(try project.read("output/grid/results.json").utf8)) as? [String: Any]
        let optimization = try #require(json?["optimization"] as? [String: Any])
        return try #require(optimization["robustness"] as? [String: Any])
    }

    @Test func aWidenedThenNarrowedGridStillCountsItsOldTrials() throws {
        let project = try BuildFixture.standard()
        _ = try project.build(["grid"])
        #expect(try Self.robustness(project)["trials"] as? Int == 8)
        let wide = BuildFixture.gridPlan.replacingOccurrences(of: "[30, 40]", with: "[30, 40, 50]")
        try project.write("studies/grid/optimization.yaml", wide)
        _ = try project.build(["grid"])
        #expect(try Self.robustness(project)["trials"] as? Int == 12)
        try project.write("studies/grid/optimization.yaml", BuildFixture.gridPlan)
        let narrowed = try project.build(["grid"])
        #expect(narrowed.stdout.contains("  grid: 8 runs, 0 ran, 8 cached\n"), "\(narrowed.stdout)")
        let back = try Self.robustness(project)
        #expect(back["trials"] as? Int == 12 && back["measured_runs"] as? Int == 8)
        // Appending bars is not a new trial: the same configurations measured again.
        try project.write("studies/grid/run.yaml", BuildFixture.gridRun.replacingOccurrences(of: "bars: 600", with: "bars: 650"))
        _ = try project.build(["grid"])
        #expect(try Self.robustness(project)["trials"] as? Int == 12)
        // `clean` and `clean --cache` keep the ledger.
        #expect(try BacklabBinary.run(["clean", "--cache"], in: project.root).status == 0)
        _ = try project.build(["grid"])
        #expect(try Self.robustness(project)["trials"] as? Int == 12)
        // `clean --ledger` forgets it, and says so.
        let clean = try BacklabBinary.run(["clean", "--ledger"], in: project.root)
        #expect(clean.status == 0)
        #expect(
            clean.stdout.contains("; forgot the trial ledger of 1 study in .backlab/ledger (the deflated Sharpe ratios"), "\(clean.stdout)")
        let again = try project.build(["grid"])
        #expect(again.stdout.contains("  grid: 8 runs, 0 ran, 8 cached\n"), "\(again.stdout)")
        #expect(try Self.robustness(project)["trials"] as? Int == 8)
    }

    @Test func changingTheBlockCountRunsTheGridAgainForItsBlockSums() throws {
        let project = try BuildFixture.standard()
        _ = try project.build(["grid"])
        #expect(try Self.robustness(project)["blocks"] as? Int == 16)
        try project.write("studies/grid/optimization.yaml", BuildFixture.gridPlan + "\noverfitting: {blocks: 10}\n")
        let again = try project.build(["grid"])
        #expect(again.stdout.contains("  grid: 8 runs, 8 ran, 0 cached\n"), "\(again.stdout)")
        #expect(again.stderr.contains("warning: 8 cached runs lack the per-block sums for 10 blocks that PBO needs"), "\(again.stderr)")
        let robustness = try Self.robustness(project)
        #expect(robustness["blocks"] as? Int == 10)
        let overfitting = try #require(robustness["overfitting"] as? [String: Any])
        #expect(overfitting["splits"] as? Int == 252)  // C(10, 5)
        // The entries now keep both block counts: going back to 16 runs nothing.
        try project.write("studies/grid/optimization.yaml", BuildFixture.gridPlan)
        let back = try project.build(["grid"])
        #expect(back.stdout.contains("  grid: 8 runs, 0 ran, 8 cached\n"), "\(back.stdout)")
    }

    @Test func anOddOrOutOfRangeBlockCountIsALocatedError() throws {
        let project = try BuildFixture.standard()
        try project.write("studies/grid/optimization.yaml", BuildFixture.gridPlan + "\noverfitting: {blocks: 15}\n")
        let odd = try project.build(["grid"])
        #expect(odd.status == 1)
        #expect(
            odd.stderr == "studies/grid/optimization.yaml:6:23: error: overfitting.blocks is 15, but must be even\n"
                + "  hint: CSCV splits the blocks into two halves of equal size: use 16 (the paper's choice), 10 or 20\n", "\(odd.stderr)")
        try project.write("studies/grid/optimization.yaml", BuildFixture.gridPlan + "\noverfitting: {blocks: 30}\n")
        let large = try project.build(["grid"])
        #expect(large.status == 1)
        #expect(
            large.stderr.hasPrefix("studies/grid/optimization.yaml:6:23: error: overfitting.blocks is 30, but must be between 2 and 24\n"),
            "\(large.stderr)")
    }
}
