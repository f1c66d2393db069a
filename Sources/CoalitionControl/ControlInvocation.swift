/// Where the server is.
enum ServerSource: Equatable, Sendable {
    /// Given on the command line or in `COALITION_SERVER`.
    case url(String)
    /// Found by UDP broadcast (`--discover`), asking `address:port`.
    case discover(address: String, port: Int)
}

/// A validated command line: which action, on which server, with which arguments.
struct ControlInvocation: Sendable {
    /// Environment variable naming the server when SERVER_URL is omitted.
    static let serverVariable = "COALITION_SERVER"

    let action: ControlAction
    /// nil only for `help`.
    let server: ServerSource?
    /// Positional arguments after the action.
    let arguments: [String]
    let options: ParsedCommandLine

    var json: Bool { options.has(.json) }
    var verbose: Bool { options.has(.verbose) }

    /// Interprets the parsed command line. The first positional argument is the action
    /// when it names one, otherwise it is SERVER_URL and the action comes second.
    static func make(from parsed: ParsedCommandLine, environment: [String: String]) throws -> ControlInvocation {
        if parsed.has(.help) || parsed.positionals.first == "help" {
            return ControlInvocation(action: .help, server: nil, arguments: [], options: parsed)
        }
        var positionals = parsed.positionals[...]
        var explicitURL: String?
        guard let first = positionals.popFirst() else {
            throw ControlError.usage("missing ACTION (try --help)")
        }
        let action: ControlAction
        if let named = ControlAction(rawValue: first) {
            action = named
        } else {
            explicitURL = first
            guard let second = positionals.popFirst() else {
                throw ControlError.usage("missing ACTION after '\(first)' (actions: \(actionNames))")
            }
            guard let named = ControlAction(rawValue: second) else {
                throw ControlError.usage("unknown action '\(second)' (actions: \(actionNames))")
            }
            action = named
        }
        if action == .help {
            return ControlInvocation(action: .help, server: nil, arguments: [], options: parsed)
        }
        try checkOptions(parsed, for: action)
        let server = try serverSource(explicitURL: explicitURL, parsed: parsed, environment: environment)
        return ControlInvocation(action: action, server: server, arguments: Array(positionals), options: parsed)
    }

    static var actionNames: String {
        ControlAction.allCases.map(\.rawValue).joined(separator: ", ")
    }

    private static func checkOptions(_ parsed: ParsedCommandLine, for action: ControlAction) throws {
        let allowed = ControlOptions.legacy.union(ControlOptions.global).union(action.specificOptions)
        for (key, _) in parsed.options where !allowed.contains(key) {
            throw ControlError.usage("option \(ControlOptions.spec(key).displayName) does not apply to '\(action.rawValue)'")
        }
    }

    private static func serverSource(explicitURL: String?, parsed: ParsedCommandLine,
                                     environment: [String: String]) throws -> ServerSource {
        let discover = parsed.has(.discover)
        if !discover && (parsed.has(.discoveryPort) || parsed.has(.broadcast)) {
            throw ControlError.usage("--discovery-port and --broadcast only apply with --discover")
        }
        if let explicitURL {
            if discover {
                throw ControlError.usage("--discover cannot be combined with a SERVER_URL")
            }
            return .url(explicitURL)
        }
        if discover { return try discoverySource(parsed) }
        if let fromEnvironment = environment[serverVariable], !fromEnvironment.isEmpty {
            return .url(fromEnvironment)
        }
        throw ControlError.usage("no server given: pass SERVER_URL, set \(serverVariable), or use --discover")
    }

    private static func discoverySource(_ parsed: ParsedCommandLine) throws -> ServerSource {
        var port = 19211
        if let text = parsed.last(.discoveryPort) {
            guard let value = Int(text.trimmingWhitespace), (1...65535).contains(value) else {
                throw ControlError.usage("invalid value '\(text)' for --discovery-port: expected a port number (1-65535)")
            }
            port = value
        }
        let address = parsed.last(.broadcast) ?? "255.255.255.255"
        let octets = address.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else {
            throw ControlError.usage("invalid value '\(address)' for --broadcast: expected an IPv4 address")
        }
        return .discover(address: address, port: port)
    }

    // MARK: - Argument accessors shared by the actions

    /// Job ids from `-i/--jobid` and the positional arguments.
    func jobIDs() throws -> [Int64] {
        let ids = try JobIDList.parse(options.values(.jobID) + arguments)
        guard !ids.isEmpty else {
            throw ControlError.usage("'\(action.rawValue)' needs at least one job id (e.g. '\(action.rawValue) 12 15 20-30' or -i 12)")
        }
        return ids
    }

    /// One integer option value, validated.
    func integer(_ key: OptionKey) throws -> Int64? {
        guard let text = options.last(key) else { return nil }
        return try Self.integer(text, option: ControlOptions.spec(key).displayName)
    }

    static func integer(_ text: String, option: String) throws -> Int64 {
        let trimmed = text.trimmingWhitespace
        guard let value = Int64(trimmed) else {
            throw ControlError.usage("invalid value '\(text)' for \(option): expected an integer")
        }
        return value
    }

    /// A non-negative number of seconds, validated.
    func seconds(_ key: OptionKey) throws -> Double? {
        guard let text = options.last(key) else { return nil }
        guard let value = Double(text.trimmingWhitespace), value.isFinite, value >= 0 else {
            throw ControlError.usage("invalid value '\(text)' for \(ControlOptions.spec(key).displayName): expected a number of seconds")
        }
        return value
    }

    /// Refuses positional arguments for actions that take none.
    func expectNoArguments() throws {
        if let extra = arguments.first {
            throw ControlError.usage("unexpected argument '\(extra)' for '\(action.rawValue)'")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
