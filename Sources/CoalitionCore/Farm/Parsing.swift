/// Small parsers for the text forms the API accepts.
public enum FarmText {
    /// Every run of decimal digits, as ids (`"1,3 5"` → [1, 3, 5], `"job12"` → [12]).
    public static func digitRuns(_ text: String) -> [JobID] {
        var result: [JobID] = []
        var current: Int?
        for byte in text.utf8 {
            if byte >= 48 && byte <= 57 {
                let d = Int(byte - 48)
                let (m, o1) = (current ?? 0).multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(d)
                current = (o1 || o2) ? Int.max : s
            } else if let c = current {
                result.append(c)
                current = nil
            }
        }
        if let c = current { result.append(c) }
        return result
    }

    /// A strict decimal integer (optional sign, digits only, fits 64 bits).
    public static func integer(_ text: String) -> Int? {
        let t = text.trimmingSpaces()
        guard !t.isEmpty else { return nil }
        var body = Substring(t)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(t.hasPrefix("+") ? String(t.dropFirst()) : t)
    }

    /// Affinity words: comma-separated, empty pieces dropped, no trimming (reference 3.4).
    public static func affinityWords(_ text: String) -> [Substring] {
        text.split(separator: ",", omittingEmptySubsequences: true)
    }
}
