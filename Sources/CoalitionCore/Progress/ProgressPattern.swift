/// A compiled progress pattern (reference 4.4): `%percent` (value / 100) or `%one`
/// (value as is) inside a regular expression; matches are removed from the log.
/// An addition of this server: `%frame(S-E)` reads a frame number N of the range S..E
/// and gives (N - S) / (E - S + 1), the part of the range done when frame N starts
/// (render presets cut a frame range into jobs and give each its own range).
public struct ProgressPattern {
    let regex: Regex<AnyRegexOutput>
    let divisor: Double
    /// Subtracted from the number before dividing (the first frame with `%frame`).
    let offset: Double
    /// Bytes every match starts with, when the pattern allows knowing them: the scan then
    /// jumps between occurrences of this prefix instead of running the regex over the
    /// whole chunk (a heartbeat can carry megabytes of output with no marker at all).
    let literalPrefix: [UInt8]?
    /// Set when the pattern is exactly its literal prefix followed by the number keyword
    /// (the default `PROGRESS:%percent` is): a match is then the prefix and the longest
    /// run of digits and dots after it, found without the regex engine, which costs more
    /// than the rest of a heartbeat. Same matches as the regex (a test holds them equal).
    let numberFollowsPrefix: Bool

    /// The pattern used when the job did not give one.
    public static let defaultLocal = "PROGRESS:%percent"

    /// nil for a pattern with neither keyword or that is not a valid regular expression:
    /// such a pattern extracts nothing and strips nothing.
    public init?(_ pattern: String) {
        let number = "([0-9.]+)"
        let source: String
        var offset = 0.0
        let keyword: String
        if pattern.contains("%percent") {
            keyword = "%percent"
            divisor = 100
        } else if let frames = Self.frameKeyword(in: pattern) {
            keyword = frames.keyword
            divisor = Double(frames.last - frames.first + 1)
            offset = Double(frames.first)
        } else if pattern.contains("%one") {
            keyword = "%one"
            divisor = 1
        } else {
            return nil
        }
        source = pattern.replacingAll(keyword, with: number)
        guard let compiled = try? Regex(source) else { return nil }
        self.offset = offset
        regex = compiled.matchingSemantics(.unicodeScalar)
        literalPrefix = Self.literalPrefix(of: pattern)
        numberFollowsPrefix = literalPrefix.map { Array(pattern.utf8) == $0 + Array(keyword.utf8) } ?? false
    }

    /// The first `%frame(S-E)` of a pattern, with S <= E.
    static func frameKeyword(in pattern: String) -> (keyword: String, first: Int, last: Int)? {
        guard let match = try? #/%frame\(([0-9]{1,10})-([0-9]{1,10})\)/#.firstMatch(in: pattern),
              let first = Int(match.output.1), let last = Int(match.output.2), first <= last else { return nil }
        return (String(match.output.0), first, last)
    }

    /// The plain characters a pattern starts with, if every match must begin with them:
    /// no alternation anywhere, and a character followed by a quantifier is not included.
    static func literalPrefix(of pattern: String) -> [UInt8]? {
        guard !pattern.contains("|") else { return nil }
        var prefix: [UInt8] = []
        let bytes = Array(pattern.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let plain = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) ||
                b == UInt8(ascii: " ") || b == UInt8(ascii: ":") || b == UInt8(ascii: "=") ||
                b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: "/") ||
                b == UInt8(ascii: ",") || b == UInt8(ascii: "@") || b == UInt8(ascii: "#")
            guard plain else { break }
            prefix.append(b)
            i += 1
        }
        if i < bytes.count, [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "+"), UInt8(ascii: "{")].contains(bytes[i]) {
            prefix.removeLast()
        }
        return prefix.isEmpty ? nil : prefix
    }

    /// The first occurrence of `needle` in `haystack` at or after `start`.
    static func firstOccurrence(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        let first = needle[0]
        let last = haystack.count - needle.count
        var i = start
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// Finds every match in `bytes`; returns the last value that parses and the bytes
    /// with every matched span removed. Bytes are matched one to one (as Latin-1) so that
    /// arbitrary output is kept exactly.
    public func apply(to bytes: [UInt8]) -> (value: Double?, rest: [UInt8]) {
        if let prefix = literalPrefix {
            guard let first = Self.firstOccurrence(of: prefix, in: bytes, from: 0) else { return (nil, bytes) }
            if numberFollowsPrefix { return applyPrefixThenNumber(prefix, to: bytes, firstHit: first) }
            return applyAtPrefixes(prefix, to: bytes, firstHit: first)
        }
        return applyScanning(bytes)
    }

    /// The plain scan: every match of the regex over the whole chunk.
    func applyScanning(_ bytes: [UInt8]) -> (value: Double?, rest: [UInt8]) {
        let text = Self.latin1String(bytes)
        var value: Double?
        var rest: [UInt8] = []
        rest.reserveCapacity(bytes.count)
        var cursor = text.unicodeScalars.startIndex
        for match in text.matches(of: regex) {
            guard match.range.lowerBound != match.range.upperBound else { continue }
            appendLatin1(text.unicodeScalars[cursor..<match.range.lowerBound], to: &rest)
            cursor = match.range.upperBound
            if let v = number(match) { value = v }
        }
        appendLatin1(text.unicodeScalars[cursor...], to: &rest)
        return (value, rest)
    }

    /// `applyAtPrefixes` for a pattern that is `prefix` then `([0-9.]+)`, without the regex.
    func applyPrefixThenNumber(_ prefix: [UInt8], to bytes: [UInt8], firstHit: Int) -> (value: Double?, rest: [UInt8]) {
        var value: Double?
        var rest: [UInt8] = []
        rest.reserveCapacity(bytes.count)
        var copied = 0
        var hit: Int? = firstHit
        while let at = hit {
            var end = at + prefix.count
            while end < bytes.count, (bytes[end] >= 0x30 && bytes[end] <= 0x39) || bytes[end] == UInt8(ascii: ".") {
                end += 1
            }
            if end > at + prefix.count {
                rest.append(contentsOf: bytes[copied..<at])
                copied = end
                let digits = String(decoding: bytes[(at + prefix.count)..<end], as: UTF8.self)
                if let v = Double(digits) { value = (v - offset) / divisor }
                hit = Self.firstOccurrence(of: prefix, in: bytes, from: end)
            } else {
                hit = Self.firstOccurrence(of: prefix, in: bytes, from: at + 1)
            }
        }
        rest.append(contentsOf: bytes[copied...])
        return (value, rest)
    }

    /// Same result as the full scan when every match starts with `prefix`: the leftmost
    /// match begins at the leftmost occurrence where the regex matches.
    func applyAtPrefixes(_ prefix: [UInt8], to bytes: [UInt8], firstHit: Int) -> (value: Double?, rest: [UInt8]) {
        let text = Self.latin1String(bytes)
        let view = text.unicodeScalars
        var value: Double?
        var rest: [UInt8] = []
        rest.reserveCapacity(bytes.count)
        var copied = 0
        var hit: Int? = firstHit
        // Walk a single index forward (scalar offsets equal byte offsets here).
        var position = view.startIndex
        var positionOffset = 0
        while let at = hit {
            position = view.index(position, offsetBy: at - positionOffset)
            positionOffset = at
            let start = position
            if let match = try? regex.prefixMatch(in: text[start...]), match.range.lowerBound != match.range.upperBound {
                let end = at + view.distance(from: start, to: match.range.upperBound)
                rest.append(contentsOf: bytes[copied..<at])
                copied = end
                if let v = number(match) { value = v }
                hit = Self.firstOccurrence(of: prefix, in: bytes, from: end)
            } else {
                hit = Self.firstOccurrence(of: prefix, in: bytes, from: at + 1)
            }
        }
        rest.append(contentsOf: bytes[copied...])
        return (value, rest)
    }

    /// Each byte as the Unicode scalar of the same value, encoded directly as UTF-8
    /// (a generic scalar-by-scalar append is far slower on megabyte chunks).
    static func latin1String(_ bytes: [UInt8]) -> String {
        let extra = bytes.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        return String(unsafeUninitializedCapacity: bytes.count + extra) { out in
            var n = 0
            for b in bytes {
                if b < 0x80 {
                    out[n] = b
                    n += 1
                } else {
                    out[n] = 0xC0 | (b >> 6)
                    out[n + 1] = 0x80 | (b & 0x3F)
                    n += 2
                }
            }
            return n
        }
    }

    private func number(_ match: Regex<AnyRegexOutput>.Match) -> Double? {
        guard match.output.count > 1, let sub = match.output[1].substring, let v = Double(String(sub)) else { return nil }
        return (v - offset) / divisor
    }

    private func appendLatin1(_ scalars: Substring.UnicodeScalarView, to out: inout [UInt8]) {
        for s in scalars { out.append(UInt8(truncatingIfNeeded: s.value)) }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

extension Farm {
    mutating func compiledPattern(_ source: String) -> ProgressPattern? {
        if let cached = patternCache[source] { return cached }
        let compiled = ProgressPattern(source)
        if patternCache.count > 1000 { patternCache.removeAll() }
        patternCache[source] = compiled
        return compiled
    }

    /// Applies the job's local then global pattern to a log chunk; stores the values found
    /// and returns what goes into the log file.
    mutating func extractProgress(from chunk: [UInt8], job: inout Job) -> [UInt8] {
        var text = chunk
        let local = job.localProgressPattern ?? ProgressPattern.defaultLocal
        if !local.isEmpty, let pattern = compiledPattern(local) {
            let (value, rest) = pattern.apply(to: text)
            if let v = value { job.localProgress = v }
            text = rest
        }
        if let global = job.globalProgressPattern, !global.isEmpty, let pattern = compiledPattern(global) {
            let (value, rest) = pattern.apply(to: text)
            if let v = value { job.globalProgress = v }
            text = rest
        }
        return text
    }
}
