import Study
import Testing

/// The one JSON writer: each layout written out by hand.
@Suite struct JSONValueTests {
    static let value = JSONValue.object([
        ("b", .integer(2)), ("a", .array([.number(0.1), .string("x\"y\u{1}"), .null, .bool(true)])),
        ("rows", .array([.object([("z", .number(.nan)), ("y", .array([]))]), .object([])])),
    ])

    @Test func aGeneratedArrayIsWrittenAsTheArrayItMakes() {
        let made = JSONValue.object([
            ("runs", .generated(count: 3) { .object([("run", .integer($0 + 1))]) }), ("none", .generated(count: 0) { _ in .null }),
        ])
        let whole = JSONValue.object([("runs", .array((1...3).map { .object([("run", .integer($0))]) })), ("none", .array([]))])
        for layout in [JSONValue.Layout.canonical, .compact, .spaced, .outline] { #expect(made.text(layout) == whole.text(layout)) }
        #expect(made.text(.outline) == "{\n  \"runs\": [\n    {\"run\": 1},\n    {\"run\": 2},\n    {\"run\": 3}\n  ],\n  \"none\": []\n}")
    }

    @Test func canonicalSortsKeysAndWritesNoSpaces() {
        #expect(Self.value.text(.canonical) == #"{"a":[0.1,"x\"y\u0001",null,true],"b":2,"rows":[{"y":[],"z":null},{}]}"#)
    }

    @Test func compactKeepsTheOrder() {
        #expect(Self.value.text(.compact) == #"{"b":2,"a":[0.1,"x\"y\u0001",null,true],"rows":[{"z":null,"y":[]},{}]}"#)
    }

    @Test func spacedPutsASpaceAfterEachSeparator() {
        #expect(Self.value.text(.spaced) == #"{"b": 2, "a": [0.1, "x\"y\u0001", null, true], "rows": [{"z": null, "y": []}, {}]}"#)
    }

    @Test func outlineBreaksTheTopLevelAndTheArraysInIt() {
        let expected = """
            {
              "b": 2,
              "a": [
                0.1,
                "x\\"y\\u0001",
                null,
                true
              ],
              "rows": [
                {"z": null, "y": []},
                {}
              ]
            }
            """
        #expect(Self.value.text(.outline) == expected)
        #expect(JSONValue.object([]).text(.outline) == "{}")
    }

    /// Numbers as every config hash has them: whole numbers below 1e15 without a fraction (and -0
    /// as 0), others as Swift's `description` writes them (shortest round trip; ".0" on whole numbers
    /// from 1e15 to 1e16, exponents beyond). Pinned: a change here would change every config hash.
    @Test func numbersHaveOneForm() {
        let numbers: [Double] = [-0.0, 20, 1e15 - 1, 1e15, 9_007_199_254_740_992, 1e21, 1e-7, 0.1 + 0.2, -2.5, .infinity]
        #expect(
            JSONValue.array(numbers.map(JSONValue.number)).text()
                == "[0,20,999999999999999,1000000000000000.0,9007199254740992.0,1e+21,1e-07,"
                + "0.30000000000000004,-2.5,null]")
    }
}
