/// Command white lists (reference 13.3): a global list and per-user lists of regular
/// expressions matched at the start of the command. Patterns are compiled once, when the
/// list is parsed, not on every check.
public struct CommandWhitelist: Sendable {
    /// One compiled pattern with its source text.
    public struct Pattern: @unchecked Sendable {
        // `Regex<AnyRegexOutput>` is immutable once built; matching never mutates it, so
        // sharing it between threads is safe even though the type is not marked Sendable.
        let regex: Regex<AnyRegexOutput>?
        /// The pattern as written in the configuration.
        public let source: String

        init(_ source: String) {
            self.source = source
            self.regex = try? Regex(source)
        }

        func matchesPrefix(_ command: String) -> Bool {
            guard let regex else { return false }
            return (try? regex.prefixMatch(in: command)) != nil
        }
    }

    /// A pattern that does not compile, with the compiler's reason.
    public struct InvalidPattern: Error, Sendable, Equatable, CustomStringConvertible {
        public var pattern: String
        public var reason: String
        public var description: String { "invalid commandwhitelist pattern '\(pattern)': \(reason)" }
    }

    public var global: [Pattern] = []
    public var perUser: [String: [Pattern]] = [:]

    public init() {}

    /// Parses the multi-line `commandwhitelist` value: `@name` starts a user's list, any other
    /// non-empty line is a pattern for the current list. Empty patterns are ignored (they
    /// would match everything). A pattern that does not compile matches nothing; use
    /// `validate(_:)` first to refuse such a configuration.
    public init(parsing text: String) {
        var current: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingSpaces()
            if line.isEmpty { continue }
            if line.hasPrefix("@") {
                current = String(line.dropFirst())
                perUser[current!, default: []] = perUser[current!] ?? []
            } else if let user = current {
                perUser[user, default: []].append(Pattern(line))
            } else {
                global.append(Pattern(line))
            }
        }
    }

    /// Parses and checks that every pattern compiles; the first one that does not is the error.
    public init(validating text: String) throws(InvalidPattern) {
        self.init(parsing: text)
        for pattern in global + perUser.keys.sorted().flatMap({ perUser[$0]! }) where pattern.regex == nil {
            var reason = "does not compile"
            do { _ = try Regex(pattern.source) } catch { reason = String(describing: error) }
            throw InvalidPattern(pattern: pattern.source, reason: reason)
        }
    }

    public var isEmpty: Bool { global.isEmpty && perUser.isEmpty }

    /// Whether `user` may run `command`.
    public func allows(user: String, command: String) -> Bool {
        if isEmpty { return true }
        if let own = perUser[user], own.contains(where: { $0.matchesPrefix(command) }) {
            return true
        }
        return global.contains { $0.matchesPrefix(command) }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
