import Foundation
import Testing

/// Every kind of bad data and bad configuration, through the real binary: the whole message on
/// stderr (file, line, column, hint), nothing on stdout, exit code 1.
@Suite struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let files: [String: String]
        let arguments: [String]
        let stderr: String
        var testDescription: String { name }
    }

    static let strategy = "strategy: {signal_generator: {plugin: sma_cross, params: {fast: 2, slow: 3}}}\n"
    static let header = "timestamp,open,high,low,close\n"

    /// A study reading `data/x.csv` with these rows after the header.
    static func data(_ name: String, _ rows: String, _ stderr: String, header: String = header) -> Case {
        Case(
            name: name, files: ["s/run.yaml": "data: {file: ../data/x.csv}\n" + strategy, "data/x.csv": header + rows],
            arguments: ["run", "s/run.yaml"], stderr: stderr)
    }

    /// A study with this run.yaml.
    static func config(_ name: String, _ yaml: String, _ stderr: String, arguments: [String] = []) -> Case {
        Case(name: name, files: ["s/run.yaml": yaml], arguments: ["run", "s/run.yaml"] + arguments, stderr: stderr)
    }

    static let dataCases: [Case] = [
        data(
            "unparsable number", "2020-01-02,1,2,x1,1\n",
            "data/x.csv:2:16: error: cannot read 'x1' as a number in the low column\n  hint: write plain decimal numbers such as 101.25\n"),
        data(
            "NaN", "2020-01-02,1,2,NaN,1\n",
            "data/x.csv:2:16: error: low is NaN, not a finite number\n  hint: remove the row or fill in the missing price\n"),
        data(
            "non-positive price", "2020-01-02,0,2,1,1\n",
            "data/x.csv:2:12: error: open price 0.0 is not positive\n  hint: prices must be greater than zero\n"),
        data(
            "high below low", "2020-01-02,1,1,2,1\n",
            "data/x.csv:2:14: error: high 1.0 is below low 2.0\n  hint: check the column order and the row's values\n"),
        data(
            "open outside the range", "2020-01-02,3,2,1,1.5\n",
            "data/x.csv:2:12: error: open 3.0 is outside the bar's range [1.0, 2.0]\n  hint: open and close must lie between low and high\n"
        ),
        data(
            "close outside the range", "2020-01-02,1.5,2,1,0.5\n",
            "data/x.csv:2:20: error: close 0.5 is outside the bar's range [1.0, 2.0]\n  hint: open and close must lie between low and high\n"
        ),
        data(
            "timestamps not increasing", "2020-01-03,1,1,1,1\n2020-01-03,1,1,1,1\n",
            "data/x.csv:3:1: error: timestamp 2020-01-03T00:00:00Z is not after the previous bar's 2020-01-03T00:00:00Z\n  hint: sort the rows by time and remove duplicates\n"
        ),
        data(
            "unreadable timestamp", "02/01/2020,1,1,1,1\n",
            "data/x.csv:2:1: error: cannot read '02/01/2020' as a timestamp\n  hint: use ISO-8601 (2020-01-02 or 2020-01-02T09:30:00Z) or epoch seconds or milliseconds\n"
        ),
        data(
            "missing column", "2020-01-02,1,1,1\n",
            "data/x.csv:1:1: error: missing column low in the header\n  hint: the header row must name timestamp (or date, datetime, time), open, high, low, close; found: date, open, high, close\n",
            header: "date,open,high,close\n"),
        data(
            "no rows", "",
            "data/x.csv:1: error: the data file has a header but no bars\n  hint: add at least one row of prices\n"),
        data(
            "empty file", "",
            "data/x.csv: error: the data file is empty\n  hint: it needs a header row and at least one bar\n", header: ""),
        data(
            "short row", "2020-01-02,1,1\n",
            "data/x.csv:2: error: expected at least 5 fields, found 3\n  hint: every row needs a value for each column of the header\n"),
        data(
            "empty value", "2020-01-02,1,,1,1\n",
            "data/x.csv:2:14: error: empty high value\n  hint: every row needs a number in the high column\n"),
        Case(
            name: "missing data file", files: ["s/run.yaml": "data: {file: gone.csv}\n" + strategy], arguments: ["run", "s/run.yaml"],
            stderr:
                "s/gone.csv: error: data file not found\n  hint: paths in a run.yaml start at the run.yaml's folder (looked for ROOT/s/gone.csv)\n"
        ),
        Case(
            name: "range leaves no bars",
            files: [
                "s/run.yaml": "data: {file: ../data/x.csv, start: 2021-01-01}\n" + strategy,
                "data/x.csv": header + "2020-01-02,1,1,1,1\n2020-01-03,1,1,1,1\n",
            ],
            arguments: ["run", "s/run.yaml"],
            stderr:
                "data/x.csv: error: only 0 bars between data.start and data.end (the data spans 2020-01-02T00:00:00Z to 2020-01-03T00:00:00Z)\n  hint: widen or remove data.start / data.end\n"
        ),
    ]

    static let configCases: [Case] =
        [
            config(
                "unknown keys, parameters and plugins",
                """
                data: {file: x.csv}
                strategy:
                  signal_generator: {plugin: sma_cross, params: {fsat: 5}}
                  exit_planner: {plugin: atr_exti}
                platfrom: {fill: close}
                """,
                """
                s/run.yaml:3:50: error: unknown key 'fsat' in strategy.signal_generator.params (did you mean 'fast'?)
                  hint: allowed keys: fast, slow
                s/run.yaml:4:26: error: unknown exit_planner plugin 'atr_exti' (did you mean 'atr_exit'?)
                  hint: available: signal_exit, fixed_percentage_exit, atr_exit, trailing_stop_exit, time_exit
                s/run.yaml:5:1: error: unknown key 'platfrom' at the top level (did you mean 'platform'?)
                  hint: allowed keys: name, description, data, platform, strategy, metrics

                """),
            config(
                "plugin of the wrong phase", "data: {file: x.csv}\nstrategy:\n  signal_generator: {plugin: atr_exit}\n",
                """
                s/run.yaml:3:30: error: unknown signal_generator plugin 'atr_exit'
                  hint: atr_exit is a exit_planner; signal_generator plugins are: sma_cross, ema_cross, rsi_reversion, donchian_breakout, bollinger_breakout, macd_cross

                """),
            config(
                "values out of range, of the wrong type, breaking a rule",
                """
                data: {file: x.csv}
                platform:
                  fees_pct: -0.1
                  fractional_units: maybe
                  fill: tomorrow
                strategy:
                  signal_generator: {plugin: sma_cross, params: {fast: 50, slow: 20}}
                  exit_planner: {plugin: fixed_percentage_exit, params: {stop_pct: 2, target_pct: "0.1"}}
                """,
                """
                s/run.yaml:3:13: error: platform.fees_pct is -0.1, but must be at least 0 and at most 0.5
                  hint: a fraction: 0.001 is 0.1% per side
                s/run.yaml:4:21: error: platform.fractional_units must be true or false, not 'maybe'
                s/run.yaml:5:9: error: platform.fill is 'tomorrow', but must be one of next_open, close
                s/run.yaml:7:56: error: sma_cross needs fast < slow, but fast is 50 and slow is 20
                  hint: change one of the values so that fast < slow
                s/run.yaml:8:68: error: strategy.exit_planner.params.stop_pct is 2, outside the allowed range (0, 1]
                  hint: fixed_percentage_exit.stop_pct: Stop distance as a fraction of the fill price. Allowed: (0, 1].
                s/run.yaml:8:83: error: strategy.exit_planner.params.target_pct must be a number, not '0.1'

                """),
            config(
                "missing sections", "name: nothing\n",
                """
                s/run.yaml:1:1: error: missing data section
                  hint: add data: with file:, pair:/timeframe:, or synthetic:
                s/run.yaml:1:1: error: missing strategy section
                  hint: add strategy: {signal_generator: {plugin: sma_cross}}

                """),
            config(
                "no data source, no signal generator", "data: {start: 2020-01-01}\nstrategy: {exit_planner: {plugin: signal_exit}}\n",
                """
                s/run.yaml:1:7: error: data needs a source
                  hint: give file: PATH, or pair: + timeframe: (+ source_dir:), or synthetic: {...}
                s/run.yaml:2:11: error: strategy needs a signal_generator
                  hint: add signal_generator: {plugin: sma_cross, params: {fast: 10, slow: 30}}; available: sma_cross, ema_cross, rsi_reversion, donchian_breakout, bollinger_breakout, macd_cross

                """),
            config(
                "two data sources", "data: {file: a.csv, synthetic: {timeframe: 1y}}\n" + strategy,
                """
                s/run.yaml:1:21: error: data has both file and synthetic
                  hint: keep exactly one source

                """),
            config(
                "empty file", "",
                "s/run.yaml: error: the run.yaml is empty\n  hint: it needs at least data: and strategy.signal_generator:\n"),
            config(
                "YAML syntax error", "data: {file: x.csv\nstrategy: {}\n",
                """
                s/run.yaml:2:9: error: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 1)
                  hint: check the indentation and quoting around this place; values with ':' or '#' need quotes

                """),
            config(
                "duplicate key", "data: {file: a}\ndata: {file: b}\n",
                """
                s/run.yaml:1:1: error: duplicate key 'data' in one mapping
                  hint: each key may appear once; remove or merge the repeated one

                """),
            config(
                "bad --set path", "data: {file: x.csv}\n" + strategy,
                """
                --set: error: unknown key 'fsat' in strategy.signal_generator.params (did you mean 'fast'?)
                  hint: allowed keys: fast, slow

                """, arguments: ["--set", "strategy.signal_generator.params.fsat=3"]),
            config(
                "a renamed parameter's former name",
                """
                data: {file: x.csv}
                strategy:
                  signal_generator: {plugin: sma_cross}
                  exit_planner: {plugin: atr_exit, params: {period: 10, rr_ratio: 3}}
                """,
                """
                s/run.yaml:4:57: error: unknown key 'rr_ratio' in strategy.exit_planner.params \
                (did you mean 'risk_reward_ratio'? it was renamed)
                  hint: allowed keys: period, atr_multiplier, risk_reward_ratio, ignore_signal_exit

                """),
            config(
                "a renamed parameter's former name in --set",
                """
                data: {file: x.csv}
                strategy: {signal_generator: {plugin: sma_cross}, exit_planner: {plugin: atr_exit}}
                """,
                """
                --set: error: unknown key 'rr_ratio' in strategy.exit_planner.params \
                (did you mean 'risk_reward_ratio'? it was renamed)
                  hint: allowed keys: period, atr_multiplier, risk_reward_ratio, ignore_signal_exit

                """, arguments: ["--set", "strategy.exit_planner.params.rr_ratio=3"]),
            config(
                "a currency with a space", "data: {file: x.csv}\nplatform: {currency: euro cents}\n" + strategy,
                """
                s/run.yaml:2:22: error: platform.currency is 'euro cents', but must be a short name of money such as EUR, USD or BTC
                  hint: at most 12 characters and no spaces; it only labels the equity axis

                """),
            config(
                "a currency too long", "data: {file: x.csv}\nplatform:\n  currency: Deutsche Mark\n" + strategy,
                """
                s/run.yaml:3:13: error: platform.currency is 'Deutsche Mark', but must be a short name of money such as EUR, USD or BTC
                  hint: at most 12 characters and no spaces; it only labels the equity axis

                """),
            config(
                "a currency that is not text", "data: {file: x.csv}\nplatform: {currency: [EUR]}\n" + strategy,
                "s/run.yaml:2:22: error: platform.currency must be text, not a list\n"),
            config(
                "malformed --set", "data: {file: x.csv}\n" + strategy,
                "--set: error: 'fast' is not of the form dotted.path=value\n  hint: for example --set strategy.signal_generator.params.fast=20\n",
                arguments: ["--set", "fast"]),
        ] + [
            Case(
                name: "fixed_risk without a stop",
                files: [
                    "s/run.yaml":
                        "data: {file: x.csv}\nstrategy:\n  signal_generator: {plugin: sma_cross}\n  size_planner: {plugin: fixed_risk}\n"
                ],
                arguments: ["run", "s/run.yaml"],
                stderr: """
                    s/run.yaml:4:17: error: fixed_risk sizing needs an exit planner that sets a stop, but signal_exit sets none
                      hint: use atr_exit, fixed_percentage_exit or trailing_stop_exit, or size with fixed_fraction

                    """),
            Case(
                name: "missing run.yaml", files: [:], arguments: ["run", "nope/run.yaml"],
                stderr: "nope/run.yaml: error: file not found\n  hint: check the path; it is relative to the current folder\n"),
        ]

    @Test(arguments: dataCases + configCases)
    func badInputIsReportedInFullWithExitCode1(_ c: Case) throws {
        let folder = try BacklabBinary.folder(c.files.isEmpty ? ["README": ""] : c.files)
        let output = try BacklabBinary.run(c.arguments, in: folder)
        let expected = c.stderr.replacingOccurrences(of: "ROOT", with: folder.standardizedFileURL.path)
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr == expected)
    }
}
