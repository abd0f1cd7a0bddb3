import Foundation
import Testing

/// The data part of a config hash covers the bars a run reads (DESIGN section 8): appending bars to
/// a CSV re-runs only the runs whose range reaches them.
@Suite struct DataSliceTests {
    /// A CSV of `bars` synthetic daily bars (the same seed always gives the same first bars).
    static func csv(bars: Int, in project: BuildFixture) throws -> [String] {
        try project.write(
            "bars.yaml", "data: {synthetic: {seed: 9, bars: \(bars), tick: 0.01}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n")
        let export = try BacklabBinary.run(["export-data", "bars.yaml", "-o", "long.csv"], in: project.root)
        #expect(export.status == 0, "\(export.stderr)")
        return try project.read("long.csv").split(separator: "\n").map(String.init)
    }

    static func plan(_ project: BuildFixture) throws -> [String: Any] {
        let plan = try BacklabBinary.run(["plan", "--json"], in: project.root)
        #expect(plan.status == 0, "\(plan.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
    }

    @Test func appendingBarsRerunsOnlyTheRunsWhoseRangeReachesThem() throws {
        let project = try BuildFixture(files: [
            "studies/ranges/run.yaml":
                "data: {file: ../data/bars.csv}\nstrategy: {signal_generator: {plugin: sma_cross, params: {fast: 3, slow: 8}}}\n",
            "studies/ranges/variant.yaml": "",
        ])
        let long = try Self.csv(bars: 400, in: project)
        let date = { (bar: Int) in String(long[bar + 1].prefix(10)) }  // line 0 is the header
        try project.write(
            "studies/ranges/variant.yaml",
            """
            variants:
              - name: Whole file
              - name: To bar 200
                overrides: {data.end: \(date(199))}
              - name: Bars 100 to 250
                overrides: {data.start: \(date(100)), data.end: \(date(249))}
              - name: Trading from bar 150
                overrides: {data.trade_start: \(date(150))}
            """)
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("studies/data"), withIntermediateDirectories: true)
        try project.write("studies/data/bars.csv", long.prefix(301).joined(separator: "\n") + "\n")
        let first = try project.build()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("  ranges: 4 runs, 4 ran, 0 cached\n"), "\(first.stdout)")
        // 100 more bars: only the two runs that read to the end of the file see them.
        try project.write("studies/data/bars.csv", long.joined(separator: "\n") + "\n")
        let plan = try Self.plan(project)
        #expect(plan["total"] as? Int == 4 && plan["cached"] as? Int == 2 && plan["to_run"] as? Int == 2, "\(plan)")
        let second = try project.build()
        #expect(second.stdout.contains("  ranges: 4 runs, 2 ran, 2 cached\n"), "\(second.stdout)")
        // Rewriting the file with other line endings and column order changes no bar: nothing runs.
        let header = long[0].split(separator: ",")
        #expect(header.count == 6, "\(long[0])")
        let reordered = long.map { line -> String in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return ([fields[0]] + fields[1...].reversed()).joined(separator: ",")
        }
        try project.write("studies/data/bars.csv", reordered.joined(separator: "\r\n") + "\r\n")
        let third = try project.build()
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("  ranges: 4 runs, 0 ran, 4 cached\n"), "\(third.stdout)")
    }
}
