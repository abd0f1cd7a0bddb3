import Testing

@testable import Study

@Suite struct ExpressionTests {
    static let names = ["fast", "slow", "total_trades"]

    func parse(_ text: String) throws(ExpressionError) -> Expression {
        try ExpressionParser.parse(text) { name, column in
            Self.names.firstIndex(of: name).map { .success($0) }
                ?? .failure(ExpressionError(column: column, message: "unknown name '\(name)'", hint: nil))
        }
    }

    func value(_ text: String, _ values: [Double?] = [10, 30, 12]) throws -> Double? {
        try parse(text).evaluate { values[$0] }
    }

    @Test func arithmeticComparisonsAndLogicWithPrecedence() throws {
        #expect(try value("fast < slow") == 1)
        #expect(try value("2 * fast + 5 <= slow - 5") == 1)  // 25 <= 25
        #expect(try value("fast * 3 == slow and not total_trades < 10") == 1)
        #expect(try value("fast > slow or total_trades >= 12") == 1)
        #expect(try value("-(fast - slow) / 4") == 5)
        #expect(try value("1 + 2 * 3") == 7)
        #expect(try value("(1 + 2) * 3") == 9)
        #expect(try value("fast != 10") == 0)
        #expect(try value("1.5e1 == 15") == 1)
    }

    @Test func undefinedValuesMakeComparisonsFail() throws {
        #expect(try parse("total_trades >= 10").holds { [10, 30, nil][$0] } == false)
        #expect(try value("fast / 0") == nil)
    }

    @Test func parseErrorsPointAtTheirColumn() {
        #expect(throws: ExpressionError(column: 8, message: "unknown name 'slwo'", hint: nil)) { try parse("fast < slwo") }
        #expect(throws: ExpressionError(column: 7, message: "expected a number or a name, found end of the constraint", hint: nil)) {
            try parse("fast <")
        }
        #expect(throws: ExpressionError(column: 13, message: "missing ')' for the '(' at column 1", hint: nil)) {
            _ = try parse("(fast < slow")
        }
        #expect(throws: ExpressionError(column: 10, message: "comparisons cannot be chained", hint: "write a < b and b < c")) {
            try parse("1 < fast < slow")
        }
        #expect(throws: ExpressionError(column: 6, message: "'=' is not an operator", hint: "compare with ==, !=, <, <=, > or >=")) {
            try parse("fast = slow")
        }
        #expect(throws: ExpressionError(column: 6, message: "unexpected 'slow' in constraint", hint: "join conditions with and / or")) {
            try parse("fast slow")
        }
        #expect(
            throws: ExpressionError(
                column: 6, message: "unexpected character '#' in constraint",
                hint: "constraints use numbers, names, + - * /, comparisons, and/or/not and parentheses")
        ) { try parse("fast # slow") }
    }
}
