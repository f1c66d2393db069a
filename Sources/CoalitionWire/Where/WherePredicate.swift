/// A filter over table rows in the small predicate language Coalition v4's web page
/// writes into `where_clause` (column comparisons joined by AND, OR, NOT and
/// parentheses). It is parsed into this tree and evaluated in memory: nothing is ever
/// handed to a database, and anything outside the language is refused by the parser.
public indirect enum WherePredicate: Sendable, Equatable {
    case comparison(column: String, op: WhereOperator, value: WhereValue)
    /// `column LIKE 'pattern'` (`%` any run, `_` one character, ASCII case-insensitive).
    case like(column: String, pattern: String, negated: Bool)
    case not(WherePredicate)
    case and(WherePredicate, WherePredicate)
    case or(WherePredicate, WherePredicate)
}

/// A comparison operator.
public enum WhereOperator: String, Sendable, Equatable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case greater = ">"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
}

/// A literal of the language, or a column's value in a row.
public enum WhereValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    /// SQL NULL: no comparison with it is true.
    case null
}

/// Why a `where_clause` was refused, with the character offset where it went wrong.
public struct WhereSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int

    public var description: String { "\(message) at character \(offset)" }
}
