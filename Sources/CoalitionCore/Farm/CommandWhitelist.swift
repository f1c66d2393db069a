/// Command white lists (reference 13.3): a global list and per-user lists of regular
/// expressions matched at the start of the command.
public struct CommandWhitelist: Sendable {
    public var global: [String] = []
    public var perUser: [String: [String]] = [:]

    public init() {}

    /// Parses the multi-line `commandwhitelist` value: `@name` starts a user's list, any other
    /// non-empty line is a pattern for the current list. Empty patterns are ignored (they
    /// would match everything).
    public init(parsing text: String) {
        var current: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingSpaces()
            if line.isEmpty { continue }
            if line.hasPrefix("@") {
                current = String(line.dropFirst())
                perUser[current!, default: []] = perUser[current!] ?? []
            } else if let user = current {
                perUser[user, default: []].append(line)
            } else {
                global.append(line)
            }
        }
    }

    public var isEmpty: Bool { global.isEmpty && perUser.isEmpty }

    /// Whether `user` may run `command`.
    public func allows(user: String, command: String) -> Bool {
        if isEmpty { return true }
        if let own = perUser[user], own.contains(where: { Self.matchesPrefix($0, command) }) {
            return true
        }
        return global.contains { Self.matchesPrefix($0, command) }
    }

    static func matchesPrefix(_ pattern: String, _ command: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.prefixMatch(in: command)) != nil
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
