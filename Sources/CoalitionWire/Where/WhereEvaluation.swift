extension WherePredicate {
    /// Whether a row matches, `value` giving the row's value of a (lowercased) column.
    /// Comparisons follow SQLite's rules for the columns v4 declares: a number against a
    /// text column compares as text, a numeric text against a number column as a number,
    /// and NULL matches nothing.
    public func matches(_ value: (String) -> WhereValue) -> Bool {
        switch self {
        case .and(let a, let b): return a.matches(value) && b.matches(value)
        case .or(let a, let b): return a.matches(value) || b.matches(value)
        case .not(let p): return !p.matches(value)
        case .like(let column, let pattern, let negated):
            let text: String
            switch value(column) {
            case .null: return false
            case .text(let s): text = s
            case .number(let n): text = WhereValue.render(n)
            }
            return WhereLike.matches(Array(text.utf8), Array(pattern.utf8)) != negated
        case .comparison(let column, let op, let literal):
            guard let order = Self.compare(value(column), literal) else { return false }
            switch op {
            case .equal: return order == 0
            case .notEqual: return order != 0
            case .less: return order < 0
            case .greater: return order > 0
            case .lessOrEqual: return order <= 0
            case .greaterOrEqual: return order >= 0
            }
        }
    }

    /// -1, 0, 1, or nil when either side is NULL.
    static func compare(_ column: WhereValue, _ literal: WhereValue) -> Int? {
        switch (column, literal) {
        case (.null, _), (_, .null): return nil
        case (.number(let a), .number(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.number(let a), .text(let s)):
            if let b = Double(s.trimmingSpaces) { return a < b ? -1 : (a > b ? 1 : 0) }
            return -1 // SQLite: numbers sort before text
        case (.text(let a), .number(let b)):
            let s = WhereValue.render(b)
            return a < s ? -1 : (a > s ? 1 : 0)
        case (.text(let a), .text(let b)):
            let x = Array(a.utf8), y = Array(b.utf8)
            return x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1)
        }
    }
}

extension WhereValue {
    /// A number as SQLite shows it: integers without a fraction.
    static func render(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 { return String(Int(n)) }
        return String(n)
    }
}

private extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// SQL LIKE: `%` matches any run, `_` one byte, letters compare ASCII case-insensitively.
enum WhereLike {
    static func matches(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
        // Iterative wildcard matching with backtracking to the last `%` (linear-ish, no recursion).
        var t = 0, p = 0
        var star = -1, mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] != UInt8(ascii: "%"),
               pattern[p] == UInt8(ascii: "_") || fold(pattern[p]) == fold(text[t]) {
                t += 1; p += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "%") {
                star = p; mark = t; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "%") { p += 1 }
        return p == pattern.count
    }

    private static func fold(_ c: UInt8) -> UInt8 {
        c >= 0x41 && c <= 0x5A ? c + 32 : c
    }
}
