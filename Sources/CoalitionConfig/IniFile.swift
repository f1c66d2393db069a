/// A `coalition.ini` file as the original's Python ConfigParser reads it (reference 12.4):
/// case-sensitive sections, case-insensitive keys, `key=value` or `key: value`, comments
/// with `#`/`;`, indented continuation lines joined with newlines, `%%` for a literal `%`.
public struct IniFile: Sendable {
    /// section → lower-cased key → value
    public private(set) var sections: [String: [String: String]] = [:]
    /// Problems worth a log line (a lone `%`, a line that is not `key=value`).
    public private(set) var warnings: [String] = []
    /// section → lower-cased key → the line it was (last) set on, for messages.
    public private(set) var keyLines: [String: [String: Int]] = [:]

    public init() {}

    /// Parses INI text.
    public init(text: String) {
        var section: String?
        var key: String?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = trim(line)
            let indented = line.first == " " || line.first == "\t"
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") {
                continue
            }
            if indented, let s = section, let k = key {
                let previous = sections[s]?[k] ?? ""
                let more = unescape(trimmed, key: k, line: lineNumber)
                sections[s]?[k] = previous + "\n" + more
                continue
            }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                let name = String(trimmed.dropFirst().dropLast())
                section = name
                key = nil
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let s = section else {
                warnings.append("line \(lineNumber): text before any [section] ignored")
                continue
            }
            guard let sep = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                warnings.append("line \(lineNumber): not a key=value line: \(trimmed)")
                key = nil
                continue
            }
            let k = trim(trimmed[..<sep]).lowercased()
            var value = trim(trimmed[trimmed.index(after: sep)...])
            value = stripInlineComment(value)
            let unescaped = unescape(value, key: k, line: lineNumber)
            sections[s]?[k] = unescaped
            keyLines[s, default: [:]][k] = lineNumber
            key = k
        }
    }

    private func trim(_ s: Substring) -> String {
        var t = s
        while let f = t.first, f == " " || f == "\t" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" { t.removeLast() }
        return String(t)
    }

    /// On a value's first line, `;` preceded by whitespace starts a comment.
    private func stripInlineComment(_ value: String) -> String {
        var previous: Character = "x"
        var index = value.startIndex
        while index < value.endIndex {
            let c = value[index]
            if c == ";" && (previous == " " || previous == "\t") {
                return trim(value[..<index])
            }
            previous = c
            index = value.index(after: index)
        }
        return value
    }

    /// `%%` → `%`; a lone `%` is kept literally, with a warning.
    private mutating func unescape(_ value: String, key: String, line: Int) -> String {
        guard value.contains("%") else { return value }
        var out = ""
        var chars = value.makeIterator()
        while let c = chars.next() {
            if c == "%" {
                if let n = chars.next() {
                    if n == "%" { out.append("%") } else {
                        warnings.append("line \(line): lone '%' in \(key) kept as is (write %% for a literal %)")
                        out.append("%")
                        out.append(n)
                    }
                } else {
                    warnings.append("line \(line): lone '%' in \(key) kept as is (write %% for a literal %)")
                    out.append("%")
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The value of `key` (case-insensitive) in `section`, nil when absent.
    public func value(_ section: String, _ key: String) -> String? {
        sections[section]?[key.lowercased()]
    }

    /// One warning per key of `section` that is not in `known` (lower-case names), in line
    /// order, naming the key and its line: a misspelt key would otherwise be silently ignored.
    public func unknownKeys(in section: String, known: Set<String>) -> [String] {
        let lines = keyLines[section] ?? [:]
        return lines.filter { !known.contains($0.key) }
            .sorted { $0.value < $1.value }
            .map { "line \($0.value): unknown key '\($0.key)' in [\(section)]" }
    }
}

/// A configuration value that could not be used.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension IniFile {
    /// An integer setting; absent → `defaultValue`; present but not an integer → error naming the key.
    public func integer(_ section: String, _ key: String, default defaultValue: Int) throws(ConfigError) -> Int {
        guard let raw = value(section, key) else { return defaultValue }
        let t = raw.trimmingCharacters()
        if t.isEmpty { return defaultValue }
        guard let v = Int(t) else {
            throw ConfigError("[\(section)] \(key)=\(raw): not an integer")
        }
        return v
    }

    /// A number setting (integer or decimal).
    public func number(_ section: String, _ key: String, default defaultValue: Double) throws(ConfigError) -> Double {
        guard let raw = value(section, key) else { return defaultValue }
        let t = raw.trimmingCharacters()
        if t.isEmpty { return defaultValue }
        guard let v = Double(t), v.isFinite else {
            throw ConfigError("[\(section)] \(key)=\(raw): not a number")
        }
        return v
    }

    /// A boolean stored as an integer (non-zero = true); `true`/`yes`/`on` accepted too.
    public func flag(_ section: String, _ key: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        guard let raw = value(section, key) else { return defaultValue }
        let t = raw.trimmingCharacters().lowercased()
        if t.isEmpty { return defaultValue }
        if let v = Int(t) { return v != 0 }
        switch t {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw ConfigError("[\(section)] \(key)=\(raw): not 0 or 1")
        }
    }

    /// A text setting.
    public func text(_ section: String, _ key: String, default defaultValue: String = "") -> String {
        value(section, key) ?? defaultValue
    }
}

extension String {
    func trimmingCharacters() -> String {
        var t = Substring(self)
        while let f = t.first, f.isWhitespace { t.removeFirst() }
        while let l = t.last, l.isWhitespace { t.removeLast() }
        return String(t)
    }
}
