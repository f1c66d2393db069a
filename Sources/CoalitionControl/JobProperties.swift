/// The job properties `update --set` may change, as `/json/updatejobs` names them.
enum JobProperties {
    static let names = ["Title", "Command", "Dir", "URL", "Priority", "Retry", "TimeOut",
                        "Affinity", "Dependencies", "User", "Environment"]
    static let integerNames: Set<String> = ["Priority", "Retry", "TimeOut"]

    /// Parses `Prop=Value` texts; property names are matched without regard to case.
    static func assignments(_ texts: [String]) throws -> [(String, String)] {
        guard !texts.isEmpty else {
            throw ControlError.usage("'update' needs at least one --set Prop=Value (properties: \(names.joined(separator: ", ")))")
        }
        return try texts.map { text in
            guard let equals = text.firstIndex(of: "=") else {
                throw ControlError.usage("invalid value '\(text)' for --set: expected Prop=Value")
            }
            let given = String(text[..<equals]).trimmingWhitespace
            let value = String(text[text.index(after: equals)...])
            guard let name = names.first(where: { $0.lowercased() == given.lowercased() }) else {
                throw ControlError.usage("unknown job property '\(given)' (properties: \(names.joined(separator: ", ")))")
            }
            if integerNames.contains(name) {
                return (name, String(try ControlInvocation.integer(value, option: "--set \(name)")))
            }
            if name == "Dependencies", let ids = try? JobIDList.parse([value]) {
                return (name, ids.map(String.init).joined(separator: " "))
            }
            return (name, value)
        }
    }
}
