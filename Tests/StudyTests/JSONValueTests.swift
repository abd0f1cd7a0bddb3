import Study
import Testing

/// The one JSON writer: each layout written out by hand.
@Suite struct JSONValueTests {
    static let value = JSONValue.object([
        ("b", .integer(2)), ("a", .array([.number(0.1), .string("x\"y\u{1}"), .null, .bool(true)])),
        ("rows", .array([.object([("z", .number(.nan)), ("y", .array([]))]), .object([])])),
    ])

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
}
