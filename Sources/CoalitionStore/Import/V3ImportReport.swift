/// What an import of an original `master_db` did: counts, and every field it could not
/// map exactly (unknown attributes, values of an unexpected type replaced by the
/// original's own default), grouped so that a large farm gives a short report.
public struct V3ImportReport: Sendable, Equatable {
    public var version = 0
    public var jobs = 0
    public var workers = 0
    public var activities = 0
    public var nextJobID = 0
    public var nextActivityID = 0
    /// "what: detail" → how many times it happened, and the first few ids concerned.
    public private(set) var issues: [String: Issue] = [:]

    public struct Issue: Sendable, Equatable {
        public var count = 0
        public var examples: [String] = []
    }

    public init() {}

    /// Records one field that could not be mapped as is.
    public mutating func note(_ what: String, at id: String) {
        var issue = issues[what] ?? Issue()
        issue.count += 1
        if issue.examples.count < 5 { issue.examples.append(id) }
        issues[what] = issue
    }

    /// Lines for the server log, issues sorted by text.
    public var lines: [String] {
        var out = ["imported an original Coalition master_db (version \(version)): \(jobs) jobs, "
                   + "\(workers) workers, \(activities) activities; next job id \(nextJobID), next activity id \(nextActivityID)"]
        for key in issues.keys.sorted() {
            let issue = issues[key]!
            let more = issue.count > issue.examples.count ? ", …" : ""
            out.append("import: \(key) (\(issue.count)×: \(issue.examples.joined(separator: ", "))\(more))")
        }
        if issues.isEmpty { out.append("import: every field was mapped") }
        return out
    }
}
