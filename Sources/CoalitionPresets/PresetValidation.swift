extension Preset {
    /// The placeholders every command may use besides the preset's own parameters.
    public static let builtinPlaceholders: Set<String> = ["file", "start", "end", "step", "frame", "count"]

    /// The placeholders a progress pattern may use (the chunk's own numbers).
    public static let progressPlaceholders: Set<String> = ["start", "end", "step", "frame", "count"]

    /// Checks the preset is usable: a name, a command, known placeholders, sane
    /// parameters. Throws `.invalidPreset` naming the problem.
    public func validate() throws(PresetError) {
        func fail(_ reason: String) -> PresetError { .invalidPreset(name: name, reason: reason) }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw fail("the name must be letters, digits, '-' or '_'")
        }
        guard !command.isEmpty else { throw fail("empty command") }
        guard chunk >= 1 else { throw fail("chunk must be at least 1") }
        var seen = Set<String>()
        for p in parameters {
            guard !p.name.isEmpty, p.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw fail("parameter name '\(p.name)' must be letters, digits or '_'")
            }
            guard !Self.builtinPlaceholders.contains(p.name) else { throw fail("parameter '\(p.name)' is a built-in name") }
            guard seen.insert(p.name).inserted else { throw fail("parameter '\(p.name)' declared twice") }
            if p.type == .choice && p.choices.isEmpty { throw fail("choice parameter '\(p.name)' has no choices") }
            if let d = p.defaultValue {
                do { _ = try p.normalized(d) } catch { throw fail("default of '\(p.name)': \(error)") }
            }
        }
        let known = Self.builtinPlaceholders.union(seen)
        for part in command {
            let texts: [String]
            switch part {
            case .argument(let t): texts = [t]
            case .optionalGroup(let ts): texts = ts
            }
            for text in texts {
                let names: [String]
                do { names = try CommandTemplate.placeholders(in: text) } catch { throw fail("unclosed '{' in '\(text)'") }
                for n in names where !known.contains(n) { throw fail("unknown placeholder {\(n)} in the command") }
            }
        }
        for pattern in [localProgress, globalProgress].compactMap({ $0 }) {
            let names: [String]
            do { names = try CommandTemplate.placeholders(in: pattern) } catch { throw fail("unclosed '{' in '\(pattern)'") }
            for n in names where !Self.progressPlaceholders.contains(n) {
                throw fail("unknown placeholder {\(n)} in a progress pattern")
            }
        }
        for output in checks.writableOutputs where !seen.contains(output) {
            throw fail("writable_outputs names '\(output)', which is not a parameter")
        }
    }
}

extension PresetParameter {
    /// `value` checked against the type, in the form substituted into the command.
    public func normalized(_ value: String) throws(PresetError) -> String {
        if type != .shell, ShellQuoting.containsShellSyntax(value) { throw .shellSyntax(parameter: name) }
        switch type {
        case .string, .path, .shell:
            return value
        case .integer:
            guard Int(value) != nil else { throw .invalidParameter(name, reason: "'\(value)' is not a whole number") }
            return value
        case .number:
            guard let v = Double(value), v.isFinite else { throw .invalidParameter(name, reason: "'\(value)' is not a number") }
            return value
        case .boolean:
            switch value.lowercased() {
            case "1", "true", "yes", "on": return "1"
            case "0", "false", "no", "off": return "0"
            default: throw .invalidParameter(name, reason: "'\(value)' is not a boolean (1/0, true/false, yes/no)")
            }
        case .choice:
            guard choices.contains(value) else {
                throw .invalidParameter(name, reason: "'\(value)' is not one of \(choices.joined(separator: ", "))")
            }
            return value
        }
    }
}
