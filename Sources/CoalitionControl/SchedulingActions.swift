/// The scheduling-rule actions (docs/scheduling.md): a job's bad-worker blocklist and the
/// counted limits.
struct SchedulingActions: Sendable {
    let invocation: ControlInvocation
    let api: CoalitionAPI

    /// `blocklist ID...`: the workers that failed each job, their errors and until when
    /// they are kept away from it.
    func blocklist() async throws {
        let ids = try invocation.jobIDs()
        try await api.requireJobs(ids)
        var lists: [(Int64, [JSONValue])] = []
        for id in ids { lists.append((id, try await api.blocklist(id))) }
        if invocation.json {
            Console.line(JSONValue.array(lists.map { id, entries in
                .object([("ID", .int(id)), ("Blocklist", .array(entries))])
            }).text)
            return
        }
        for (n, (id, entries)) in lists.enumerated() {
            if ids.count > 1 {
                if n > 0 { Console.line() }
                Console.line("Job \(id)")
            }
            guard !entries.isEmpty else {
                Console.line("no worker has failed job \(id)")
                continue
            }
            var table = TextTable([.init(title: "WORKER"), .init(title: "ERRORS", rightAligned: true),
                                   .init(title: "BLOCKED")])
            for entry in entries {
                table.append([entry["Worker"]?.stringValue ?? "", entry["Errors"].map(\.text) ?? "",
                              Self.blocked(until: entry["Until"]?.doubleValue ?? 0)])
            }
            table.render(clip: Console.stdoutIsTerminal).forEach { Console.line($0) }
        }
    }

    /// How a blocklist entry's `Until` reads: not yet, for good, or until a time.
    static func blocked(until: Double) -> String {
        if until < 0 { return "for good" }
        if until == 0 { return "no" }
        return "until " + ValueFormatting.time(until)
    }

    /// `blocklist-clear ID...`: forgets the failures charged on the jobs and their descendants.
    func clearBlocklist() async throws {
        let ids = try invocation.jobIDs()
        try await api.requireJobs(ids)
        try await api.callAction("/json/clearblocklist", ids.map { ("id", String($0)) })
        if invocation.json {
            Console.line(JSONValue.object([
                ("Action", .string(invocation.action.rawValue)), ("IDs", .array(ids.map { .int($0) })),
            ]).text)
        }
    }

    /// `limits`: every limit with its maximum, its use and what is free.
    func limits() async throws {
        try invocation.expectNoArguments()
        let limits = try await api.limits()
        if invocation.json {
            Console.line(JSONValue.object(limits.map { row in
                (row.name, .object([("max", .int(row.max)), ("used", .int(row.used))]))
            }).text)
            return
        }
        var table = TextTable([.init(title: "LIMIT"), .init(title: "MAX", rightAligned: true),
                               .init(title: "USED", rightAligned: true), .init(title: "FREE", rightAligned: true)])
        for row in limits {
            table.append([row.name, String(row.max), String(row.used), String(max(0, row.max - row.used))])
        }
        table.render(clip: Console.stdoutIsTerminal).forEach { Console.line($0) }
    }

    /// `limit-set NAME MAX`: creates a limit or changes its maximum.
    func setLimit() async throws {
        guard invocation.arguments.count == 2 else {
            throw ControlError.usage("usage: limit-set NAME MAX (MAX a non-negative integer)")
        }
        let name = invocation.arguments[0].trimmingWhitespace
        guard !name.isEmpty, !name.contains(",") else {
            throw ControlError.usage("invalid limit name '\(invocation.arguments[0])': expected a name without commas")
        }
        let max = try ControlInvocation.integer(invocation.arguments[1], option: "MAX")
        guard max >= 0 else { throw ControlError.usage("invalid value '\(max)' for MAX: expected a non-negative integer") }
        try await api.callAction("/json/setlimit", [("name", name), ("max", String(max))])
        if invocation.json {
            Console.line(JSONValue.object([("Action", .string("limit-set")), ("Name", .string(name)),
                                           ("Max", .int(max))]).text)
        }
    }

    /// The limits of `names` (comma-separated) the server does not know, for a refused add.
    static func unknownLimits(_ names: String, api: CoalitionAPI) async -> [String] {
        guard let known = try? await api.limits().map(\.name) else { return [] }
        return names.split(separator: ",").map { String($0).trimmingWhitespace }
            .filter { !$0.isEmpty && !known.contains($0) }
    }
}
