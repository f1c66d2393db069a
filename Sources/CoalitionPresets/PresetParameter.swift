/// A parameter a preset declares: `--param name=value` on the command line, a field of
/// the web form, `{name}` in the command template.
public struct PresetParameter: Sendable, Equatable, Codable {
    public var name: String
    public var type: ParameterType
    public var required: Bool
    /// The value used when none is given (as text, like submitted values).
    public var defaultValue: String?
    public var description: String
    /// The allowed values of a `choice` parameter.
    public var choices: [String]

    public init(name: String, type: ParameterType = .string, required: Bool = false, defaultValue: String? = nil,
                description: String = "", choices: [String] = []) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.description = description
        self.choices = choices
    }

    enum CodingKeys: String, CodingKey {
        case name, type, required, description, choices
        case defaultValue = "default"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decodeIfPresent(ParameterType.self, forKey: .type) ?? .string
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        choices = try c.decodeIfPresent([String].self, forKey: .choices) ?? []
        // A default may be written as a string, an integer, a number or a boolean.
        if let text = try? c.decodeIfPresent(String.self, forKey: .defaultValue) {
            defaultValue = text
        } else if let whole = try? c.decodeIfPresent(Int.self, forKey: .defaultValue) {
            defaultValue = String(whole)
        } else if let number = try? c.decodeIfPresent(Double.self, forKey: .defaultValue) {
            defaultValue = String(number)
        } else if let flag = try? c.decodeIfPresent(Bool.self, forKey: .defaultValue) {
            defaultValue = flag ? "1" : "0"
        } else {
            defaultValue = nil
        }
    }
}

/// What a parameter's value must look like.
public enum ParameterType: String, Sendable, Equatable, Codable, CaseIterable {
    /// Any text without shell syntax.
    case string
    /// A file or directory path without shell syntax.
    case path
    case integer
    case number
    /// `1`/`0`, `true`/`false`, `yes`/`no`; substituted as `1` or `0`.
    case boolean
    /// One of the parameter's `choices`.
    case choice
    /// A shell command line, substituted as is (the generic `command` preset): the
    /// submitter writes shell on purpose, exactly as with `addjob`.
    case shell
}
