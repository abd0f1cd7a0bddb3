import Engine

/// A constraint such as `fast < slow` or `total_trades >= 10 and max_drawdown < 0.3`: numbers,
/// names, `+ - * /`, comparisons, `and`/`or`/`not` and parentheses. Booleans are 1 and 0.
public indirect enum Expression: Sendable, Equatable {
    /// A number.
    case number(Double)
    /// A name, resolved to a slot index by the caller.
    case name(String, slot: Int)
    /// `-x`.
    case negate(Expression)
    /// `not x`.
    case not(Expression)
    /// A binary operation.
    case binary(String, Expression, Expression)

    /// The value with names looked up in `values` (nil values, e.g. an undefined metric, make
    /// every comparison that uses them false).
    public func evaluate(_ values: (Int) -> Double?) -> Double? {
        switch self {
        case .number(let v): return v
        case .name(_, let slot): return values(slot)
        case .negate(let e): return e.evaluate(values).map { -$0 }
        case .not(let e):
            guard let v = e.evaluate(values) else { return 1 }
            return v == 0 ? 1 : 0
        case .binary(let op, let lhs, let rhs):
            if op == "and" || op == "or" {
                let l = (lhs.evaluate(values) ?? 0) != 0
                let r = (rhs.evaluate(values) ?? 0) != 0
                return (op == "and" ? l && r : l || r) ? 1 : 0
            }
            guard let l = lhs.evaluate(values), let r = rhs.evaluate(values) else { return nil }
            switch op {
            case "+": return l + r
            case "-": return l - r
            case "*": return l * r
            case "/": return r == 0 ? nil : l / r
            case "<": return l < r ? 1 : 0
            case "<=": return l <= r ? 1 : 0
            case ">": return l > r ? 1 : 0
            case ">=": return l >= r ? 1 : 0
            case "==": return l == r ? 1 : 0
            case "!=": return l != r ? 1 : 0
            default: return nil
            }
        }
    }

    /// Whether the constraint holds (undefined counts as not holding).
    public func holds(_ values: (Int) -> Double?) -> Bool { (evaluate(values) ?? 0) != 0 }

    /// Names used, in order of appearance.
    public var names: [String] {
        switch self {
        case .number: return []
        case .name(let n, _): return [n]
        case .negate(let e), .not(let e): return e.names
        case .binary(_, let l, let r): return l.names + r.names
        }
    }
}

/// A parse error with the 1-based column inside the expression text.
public struct ExpressionError: Error, Equatable {
    /// Column of the problem in the expression text.
    public let column: Int
    /// What is wrong.
    public let message: String
    /// How to fix it.
    public let hint: String?
}

/// Parses constraint text; `resolve` maps a name to a slot or returns the known names for the error.
public struct ExpressionParser {
    enum Token: Equatable {
        case number(Double)
        case name(String)
        case op(String)
        case open, close, end
    }

    private let tokens: [(token: Token, column: Int)]
    private var position = 0
    private let resolve: (String, Int) -> Result<Int, ExpressionError>

    /// The longest constraint, in characters. Parsing, evaluating and freeing an expression
    /// recurse once per nesting level (a parenthesis, a `not`, a term of a long sum), so the bound
    /// keeps the depth far from the stack's end: 100,000 parentheses crashed the build.
    public static let maxLength = 1_000

    /// Parses `text`; `resolve` maps a name and its column to a slot, or to an error.
    public static func parse(_ text: String, resolve: (String, Int) -> Result<Int, ExpressionError>) throws(ExpressionError) -> Expression {
        guard text.unicodeScalars.count <= maxLength else {
            throw ExpressionError(
                column: maxLength + 1, message: "the constraint is longer than \(maxLength) characters",
                hint: "split it into several constraints: each must hold")
        }
        return try withoutActuallyEscaping(resolve) { (resolve) throws(ExpressionError) -> Expression in
            var parser = ExpressionParser(tokens: try tokenize(text), resolve: resolve)
            let expression = try parser.parseOr()
            guard case .end = parser.current.token else {
                throw ExpressionError(
                    column: parser.current.column, message: "unexpected \(describe(parser.current.token)) in constraint",
                    hint: "join conditions with and / or")
            }
            return expression
        }
    }

    private init(tokens: [(token: Token, column: Int)], resolve: @escaping (String, Int) -> Result<Int, ExpressionError>) {
        self.tokens = tokens
        self.resolve = resolve
    }

    static func describe(_ token: Token) -> String {
        switch token {
        case .number(let v): return "number \(NumberText.format(v))"
        case .name(let n): return "'\(n)'"
        case .op(let o): return "'\(o)'"
        case .open: return "'('"
        case .close: return "')'"
        case .end: return "end of the constraint"
        }
    }

    static func tokenize(_ text: String) throws(ExpressionError) -> [(token: Token, column: Int)] {
        let chars = Array(text.unicodeScalars)
        var tokens: [(token: Token, column: Int)] = []
        var i = 0
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.properties.isAlphabetic && c.isASCII) }
        func isName(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || c == "." || ("0"..."9").contains(c) }
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c == " " || c == "\t" {
                i += 1
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && i + 1 < chars.count && ("0"..."9").contains(chars[i + 1])) {
                var j = i
                while j < chars.count,
                    ("0"..."9").contains(chars[j]) || chars[j] == "." || chars[j] == "e" || chars[j] == "E"
                        || ((chars[j] == "-" || chars[j] == "+") && j > i && (chars[j - 1] == "e" || chars[j - 1] == "E"))
                { j += 1 }
                let literal = String(String.UnicodeScalarView(chars[i..<j]))
                guard let value = Double(literal) else {
                    throw ExpressionError(column: column, message: "'\(literal)' is not a number", hint: nil)
                }
                tokens.append((.number(value), column))
                i = j
            } else if isNameStart(c) {
                var j = i
                while j < chars.count, isName(chars[j]) { j += 1 }
                let word = String(String.UnicodeScalarView(chars[i..<j]))
                tokens.append((["and", "or", "not"].contains(word) ? .op(word) : .name(word), column))
                i = j
            } else if c == "(" {
                tokens.append((.open, column))
                i += 1
            } else if c == ")" {
                tokens.append((.close, column))
                i += 1
            } else if "+-*/".unicodeScalars.contains(c) {
                tokens.append((.op(String(c)), column))
                i += 1
            } else if "<>=!".unicodeScalars.contains(c) {
                let two = i + 1 < chars.count && chars[i + 1] == "=" ? String(c) + "=" : String(c)
                guard two != "=" && two != "!" else {
                    throw ExpressionError(
                        column: column, message: "'\(two)' is not an operator", hint: "compare with ==, !=, <, <=, > or >=")
                }
                tokens.append((.op(two), column))
                i += two.count
            } else {
                throw ExpressionError(
                    column: column, message: "unexpected character '\(c)' in constraint",
                    hint: "constraints use numbers, names, + - * /, comparisons, and/or/not and parentheses")
            }
        }
        tokens.append((.end, chars.count + 1))
        return tokens
    }

    private var current: (token: Token, column: Int) { tokens[position] }

    private mutating func take(_ ops: [String]) -> String? {
        if case .op(let o) = current.token, ops.contains(o) {
            position += 1
            return o
        }
        return nil
    }

    private mutating func parseOr() throws(ExpressionError) -> Expression {
        var lhs = try parseAnd()
        while let op = take(["or"]) { lhs = .binary(op, lhs, try parseAnd()) }
        return lhs
    }

    private mutating func parseAnd() throws(ExpressionError) -> Expression {
        var lhs = try parseNot()
        while let op = take(["and"]) { lhs = .binary(op, lhs, try parseNot()) }
        return lhs
    }

    private mutating func parseNot() throws(ExpressionError) -> Expression {
        if take(["not"]) != nil { return .not(try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionError) -> Expression {
        let lhs = try parseSum()
        if let op = take(["<", "<=", ">", ">=", "==", "!="]) {
            let rhs = try parseSum()
            if case .op(let next) = current.token, ["<", "<=", ">", ">=", "==", "!="].contains(next) {
                throw ExpressionError(column: current.column, message: "comparisons cannot be chained", hint: "write a < b and b < c")
            }
            return .binary(op, lhs, rhs)
        }
        return lhs
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression {
        var lhs = try parseProduct()
        while let op = take(["+", "-"]) { lhs = .binary(op, lhs, try parseProduct()) }
        return lhs
    }

    private mutating func parseProduct() throws(ExpressionError) -> Expression {
        var lhs = try parseUnary()
        while let op = take(["*", "/"]) { lhs = .binary(op, lhs, try parseUnary()) }
        return lhs
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        if take(["-"]) != nil { return .negate(try parseUnary()) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let (token, column) = current
        switch token {
        case .number(let v):
            position += 1
            return .number(v)
        case .name(let n):
            position += 1
            switch resolve(n, column) {
            case .success(let slot): return .name(n, slot: slot)
            case .failure(let error): throw error
            }
        case .open:
            position += 1
            let inner = try parseOr()
            guard case .close = current.token else {
                throw ExpressionError(column: current.column, message: "missing ')' for the '(' at column \(column)", hint: nil)
            }
            position += 1
            return inner
        default:
            throw ExpressionError(column: column, message: "expected a number or a name, found \(Self.describe(token))", hint: nil)
        }
    }
}
