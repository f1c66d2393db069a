/// Parses the `where_clause` language by recursive descent:
///
///     expr       := and ("OR" and)*
///     and        := unary ("AND" unary)*
///     unary      := "NOT" unary | "(" expr ")" | comparison
///     comparison := column op literal | column ["NOT"] "LIKE" string
///     op         := "=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">="
///     literal    := 'text' ('' inside doubles a quote) | "text" | number
///
/// Keywords and column names are case-insensitive; columns must be in `columns`
/// (the names are returned lowercased). Nesting and length are bounded so hostile input
/// cannot exhaust the stack.
public struct WhereParser {
    /// Longest clause accepted, in bytes.
    public static let maximumLength = 16_384
    /// Deepest nesting of parentheses and NOT.
    public static let maximumDepth = 64

    private let tokens: [WhereToken]
    private var position = 0
    private let columns: Set<String>
    private var depth = 0

    /// Parses `text`; `columns` are the lowercased column names a comparison may name.
    public static func parse(_ text: String, columns: Set<String>) throws(WhereSyntaxError) -> WherePredicate {
        guard text.utf8.count <= maximumLength else {
            throw WhereSyntaxError(message: "where_clause longer than \(maximumLength) bytes", offset: 0)
        }
        var parser = WhereParser(tokens: try WhereLexer.tokens(text), columns: columns)
        let predicate = try parser.expression()
        if parser.position < parser.tokens.count {
            let t = parser.tokens[parser.position]
            throw WhereSyntaxError(message: "unexpected \(t.kind.display)", offset: t.offset)
        }
        return predicate
    }

    private init(tokens: [WhereToken], columns: Set<String>) {
        self.tokens = tokens
        self.columns = columns
    }

    private var current: WhereToken? { position < tokens.count ? tokens[position] : nil }
    private var endOffset: Int { tokens.last.map { $0.end } ?? 0 }

    private mutating func keyword(_ word: String) -> Bool {
        if case .word(let w)? = current?.kind, w.lowercased() == word {
            position += 1
            return true
        }
        return false
    }

    private func failure(_ expected: String) -> WhereSyntaxError {
        guard let t = current else { return WhereSyntaxError(message: "expected \(expected), found the end", offset: endOffset) }
        return WhereSyntaxError(message: "expected \(expected), found \(t.kind.display)", offset: t.offset)
    }

    private mutating func expression() throws(WhereSyntaxError) -> WherePredicate {
        var left = try conjunction()
        while keyword("or") { left = .or(left, try conjunction()) }
        return left
    }

    private mutating func conjunction() throws(WhereSyntaxError) -> WherePredicate {
        var left = try unary()
        while keyword("and") { left = .and(left, try unary()) }
        return left
    }

    private mutating func unary() throws(WhereSyntaxError) -> WherePredicate {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw WhereSyntaxError(message: "nested deeper than \(Self.maximumDepth)", offset: current?.offset ?? endOffset)
        }
        if keyword("not") { return .not(try unary()) }
        if case .open? = current?.kind {
            position += 1
            let inner = try expression()
            guard case .close? = current?.kind else { throw failure("')'") }
            position += 1
            return inner
        }
        return try comparison()
    }

    private mutating func comparison() throws(WhereSyntaxError) -> WherePredicate {
        guard case .word(let name)? = current?.kind else { throw failure("a column name") }
        let column = name.lowercased()
        guard columns.contains(column) else {
            throw WhereSyntaxError(message: "unknown column '\(name)'", offset: current!.offset)
        }
        position += 1
        let negated = keyword("not")
        if keyword("like") {
            guard case .text(let pattern)? = current?.kind else { throw failure("a quoted LIKE pattern") }
            position += 1
            return .like(column: column, pattern: pattern, negated: negated)
        }
        if negated { throw failure("LIKE") }
        guard case .op(let op)? = current?.kind else { throw failure("a comparison operator") }
        position += 1
        switch current?.kind {
        case .text(let s)?: position += 1; return .comparison(column: column, op: op, value: .text(s))
        case .number(let n)?: position += 1; return .comparison(column: column, op: op, value: .number(n))
        default: throw failure("a quoted string or a number")
        }
    }
}
