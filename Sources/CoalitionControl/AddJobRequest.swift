/// Maps the options of `add` to the parameters of `/json/addjob`.
///
/// The original tool always sent parent, title, cmd, dir, priority, retry, timeout,
/// affinity and dependencies (with its defaults); this does the same, so the server
/// sees identical requests. Unlike the original, unset progress patterns are left
/// out instead of being sent as the text `None`, and env/url/user are sent only when given.
enum AddJobRequest {
    /// Separator of environment entries in a job's Environment (backslash + `n`, two characters).
    static let environmentSeparator = "\\n"

    static func parameters(for invocation: ControlInvocation) throws -> [(String, String)] {
        let options = invocation.options
        let command = try commandText(invocation)
        // -s/--start and -e/--end were parsed but unused by the original; still validate them.
        _ = try invocation.integer(.start)
        _ = try invocation.integer(.end)

        var params: [(String, String)] = [
            ("parent", try parent(options.last(.parent))),
            ("title", options.last(.title) ?? "New job"),
            ("cmd", command),
            ("dir", options.last(.directory) ?? "."),
            ("priority", String(try invocation.integer(.priority) ?? 1000)),
            ("retry", String(try invocation.integer(.retry) ?? 10)),
            ("timeout", String(try invocation.integer(.timeout) ?? 0)),
            ("affinity", options.last(.affinity) ?? ""),
            ("dependencies", dependencies(options.values(.dependencies))),
        ]
        if let local = options.last(.localProgress) { params.append(("localprogress", local)) }
        if let global = options.last(.globalProgress) { params.append(("globalprogress", global)) }
        let environment = options.values(.env)
        if !environment.isEmpty {
            for entry in environment where !entry.contains("=") {
                throw ControlError.usage("invalid value '\(entry)' for --env: expected NAME=VALUE")
            }
            params.append(("env", environment.joined(separator: environmentSeparator)))
        }
        if let url = options.last(.url) { params.append(("url", url)) }
        if let user = options.last(.user) { params.append(("user", user)) }
        params += try schedulingRules(invocation)
        return params
    }

    /// The scheduling rules (docs/scheduling.md), sent only when given: counts and seconds
    /// must be non-negative integers; limits are names separated by commas.
    static func schedulingRules(_ invocation: ControlInvocation) throws -> [(String, String)] {
        var params: [(String, String)] = []
        for (key, name) in [(OptionKey.maxWorkerErrors, "maxworkererrors"), (.forgiveTime, "forgivetime"),
                            (.stallTimeout, "stalltimeout")] {
            guard let value = try invocation.integer(key) else { continue }
            guard value >= 0 else {
                throw ControlError.usage("invalid value '\(value)' for \(ControlOptions.spec(key).displayName): expected a non-negative integer")
            }
            params.append((name, String(value)))
        }
        if let limits = invocation.options.last(.limits) { params.append(("limits", limits)) }
        return params
    }

    /// The command from `-c`, or from the words after `add` (`add -- render -f 12`).
    /// Without either the job gets an empty command, which is how groups are made.
    private static func commandText(_ invocation: ControlInvocation) throws -> String {
        let option = invocation.options.last(.command)
        if invocation.arguments.isEmpty { return option ?? "" }
        if option != nil {
            throw ControlError.usage("give the command either with -c or after 'add', not both")
        }
        return invocation.arguments.joined(separator: " ")
    }

    /// The parent: an id, a title or a `|` path (the server resolves the last two).
    private static func parent(_ value: String?) throws -> String {
        guard let value else { return "0" }
        let trimmed = value.trimmingWhitespace
        guard !trimmed.isEmpty else {
            throw ControlError.usage("invalid value '' for --parent: expected a job id, title or path")
        }
        if trimmed.first == "-" || trimmed.allSatisfy(\.isNumber) {
            return String(try ControlInvocation.integer(trimmed, option: "--parent"))
        }
        return value
    }

    /// Dependencies as the server reads them (digit runs). Id lists with ranges
    /// (`20-30`) are expanded; any other text is passed through for the server to read.
    private static func dependencies(_ values: [String]) -> String {
        guard !values.isEmpty else { return "" }
        if let ids = try? JobIDList.parse(values) {
            return ids.map(String.init).joined(separator: " ")
        }
        return values.joined(separator: " ")
    }
}
