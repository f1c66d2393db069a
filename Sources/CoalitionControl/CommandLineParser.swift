/// The command line split into options and positional arguments.
struct ParsedCommandLine: Sendable {
    /// Options in the order given, with their value (nil for flags).
    var options: [(key: OptionKey, value: String?)] = []
    /// Everything that is not an option: SERVER_URL, ACTION and the action's arguments.
    var positionals: [String] = []

    func has(_ key: OptionKey) -> Bool { options.contains { $0.key == key } }

    /// Every value given for `key`, in order (for repeatable options).
    func values(_ key: OptionKey) -> [String] {
        options.filter { $0.key == key }.compactMap(\.value)
    }

    /// The last value given for `key` (a later option overrides an earlier one, as in getopt).
    func last(_ key: OptionKey) -> String? { values(key).last }
}

/// A getopt-style parser that, unlike Python's getopt, also accepts options after
/// the positional arguments: `-t T -c CMD URL add` and `URL add -t T -c CMD` are the same.
///
/// Short options: `-t VALUE`, `-tVALUE`, clustered flags `-vf`. Long options:
/// `--title VALUE`, `--title=VALUE`. `--` ends the options. A lone `-` is positional.
enum CommandLineParser {
    static func parse(_ arguments: [String]) throws -> ParsedCommandLine {
        var parsed = ParsedCommandLine()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
            } else if argument == "--" {
                optionsEnded = true
            } else if argument.hasPrefix("--") {
                try parseLong(argument, arguments, &index, into: &parsed)
            } else {
                try parseShortCluster(argument, arguments, &index, into: &parsed)
            }
        }
        return parsed
    }

    private static func parseLong(_ argument: String, _ arguments: [String], _ index: inout Int,
                                  into parsed: inout ParsedCommandLine) throws {
        let body = argument.dropFirst(2)
        let name: String
        var inlineValue: String?
        if let equals = body.firstIndex(of: "=") {
            name = String(body[..<equals])
            inlineValue = String(body[body.index(after: equals)...])
        } else {
            name = String(body)
        }
        guard let spec = ControlOptions.spec(long: name) else {
            throw ControlError.usage("unknown option '--\(name)' (see --help)")
        }
        if spec.takesValue {
            if inlineValue == nil {
                guard index < arguments.count else {
                    throw ControlError.usage("option --\(name) needs a value")
                }
                inlineValue = arguments[index]
                index += 1
            }
            parsed.options.append((spec.key, inlineValue))
        } else {
            // The original required a value for --verbose/--help; accept and ignore one.
            if inlineValue != nil && spec.key != .verbose && spec.key != .help {
                throw ControlError.usage("option --\(name) does not take a value")
            }
            parsed.options.append((spec.key, nil))
        }
    }

    private static func parseShortCluster(_ argument: String, _ arguments: [String], _ index: inout Int,
                                          into parsed: inout ParsedCommandLine) throws {
        var rest = Substring(argument.dropFirst())
        while let letter = rest.first {
            rest = rest.dropFirst()
            guard let spec = ControlOptions.spec(short: letter) else {
                throw ControlError.usage("unknown option '-\(letter)' (see --help)")
            }
            guard spec.takesValue else {
                parsed.options.append((spec.key, nil))
                continue
            }
            if !rest.isEmpty {
                parsed.options.append((spec.key, String(rest)))
            } else if index < arguments.count {
                parsed.options.append((spec.key, arguments[index]))
                index += 1
            } else {
                throw ControlError.usage("option -\(letter) needs a value")
            }
            return
        }
    }
}
