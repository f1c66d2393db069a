/// A compiled progress pattern (reference 4.4): `%percent` (value / 100) or `%one`
/// (value as is) inside a regular expression; matches are removed from the log.
public struct ProgressPattern {
    let regex: Regex<AnyRegexOutput>
    let divisor: Double

    /// The pattern used when the job did not give one.
    public static let defaultLocal = "PROGRESS:%percent"

    /// nil for a pattern with neither keyword or that is not a valid regular expression:
    /// such a pattern extracts nothing and strips nothing.
    public init?(_ pattern: String) {
        let number = "([0-9.]+)"
        let source: String
        if pattern.contains("%percent") {
            source = pattern.replacingAll("%percent", with: number)
            divisor = 100
        } else if pattern.contains("%one") {
            source = pattern.replacingAll("%one", with: number)
            divisor = 1
        } else {
            return nil
        }
        guard let compiled = try? Regex(source) else { return nil }
        regex = compiled.matchingSemantics(.unicodeScalar)
    }

    /// Finds every match in `bytes`; returns the last value that parses and the bytes
    /// with every matched span removed. Bytes are matched one to one (as Latin-1) so that
    /// arbitrary output is kept exactly.
    public func apply(to bytes: [UInt8]) -> (value: Double?, rest: [UInt8]) {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: bytes.lazy.map { Unicode.Scalar($0) })
        let text = String(scalars)
        var value: Double?
        var rest: [UInt8] = []
        rest.reserveCapacity(bytes.count)
        var cursor = text.unicodeScalars.startIndex
        for match in text.matches(of: regex) {
            guard match.range.lowerBound != match.range.upperBound else { continue }
            appendLatin1(text.unicodeScalars[cursor..<match.range.lowerBound], to: &rest)
            cursor = match.range.upperBound
            if match.output.count > 1, let sub = match.output[1].substring, let v = Double(String(sub)) {
                value = v / divisor
            }
        }
        appendLatin1(text.unicodeScalars[cursor...], to: &rest)
        return (value, rest)
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
