/// A render preset: how to turn "this file, these frames" into farm jobs. Read from a
/// small TOML or JSON file (see docs/presets.md); every field but `command` is optional.
public struct Preset: Sendable, Equatable, Codable {
    /// The name used on the command line and in `/json/submit` (the file name without
    /// its extension when the file does not give one).
    public var name: String
    /// A human title for lists and the web form.
    public var title: String
    public var description: String
    /// The command of one chunk, one argument per element. An element that is itself a
    /// list is an optional group: it is left out whole when a parameter it names is empty.
    public var command: [CommandPart]
    /// The parameters besides the built-in `file`, `start`, `end`, `step`, `frame`, `count`.
    public var parameters: [PresetParameter]
    /// Frames per chunk when the submitter gives none.
    public var chunk: Int
    /// The local progress pattern of each chunk job (a v3 pattern, see reference 4.4,
    /// after template substitution); nil keeps the v3 default `PROGRESS:%percent`.
    public var localProgress: String?
    /// The global progress pattern of each chunk job; nil for none.
    public var globalProgress: String?
    /// What is checked before anything is queued.
    public var checks: PresetChecks

    public init(name: String, title: String = "", description: String = "", command: [CommandPart],
                parameters: [PresetParameter] = [], chunk: Int = 1, localProgress: String? = nil,
                globalProgress: String? = nil, checks: PresetChecks = PresetChecks()) {
        self.name = name
        self.title = title.isEmpty ? name : title
        self.description = description
        self.command = command
        self.parameters = parameters
        self.chunk = chunk
        self.localProgress = localProgress
        self.globalProgress = globalProgress
        self.checks = checks
    }

    /// The declared parameter called `name`.
    public func parameter(_ name: String) -> PresetParameter? {
        parameters.first { $0.name == name }
    }
}

/// One element of a preset's command.
public enum CommandPart: Sendable, Equatable, Codable {
    /// One argument (a template).
    case argument(String)
    /// Arguments kept or dropped together (e.g. `["-comp", "{comp}"]`).
    case optionalGroup([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .argument(text)
        } else {
            self = .optionalGroup(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .argument(let text): try container.encode(text)
        case .optionalGroup(let texts): try container.encode(texts)
        }
    }
}

/// The checks a preset asks for before queueing.
public struct PresetChecks: Sendable, Equatable, Codable {
    /// The submitted file must exist (as seen by the server).
    public var fileExists: Bool
    /// Names of parameters holding output paths: when such a path lies under one of the
    /// server's shared paths, its directory must exist and be writable by the server.
    public var writableOutputs: [String]

    public init(fileExists: Bool = true, writableOutputs: [String] = []) {
        self.fileExists = fileExists
        self.writableOutputs = writableOutputs
    }

    enum CodingKeys: String, CodingKey {
        case fileExists = "file_exists"
        case writableOutputs = "writable_outputs"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fileExists = try c.decodeIfPresent(Bool.self, forKey: .fileExists) ?? true
        writableOutputs = try c.decodeIfPresent([String].self, forKey: .writableOutputs) ?? []
    }
}

extension Preset {
    enum CodingKeys: String, CodingKey {
        case name, title, description, command, parameters, chunk, checks
        case localProgress = "local_progress"
        case globalProgress = "global_progress"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decodeIfPresent(String.self, forKey: .name) ?? "",
                  title: try c.decodeIfPresent(String.self, forKey: .title) ?? "",
                  description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
                  command: try c.decode([CommandPart].self, forKey: .command),
                  parameters: try c.decodeIfPresent([PresetParameter].self, forKey: .parameters) ?? [],
                  chunk: try c.decodeIfPresent(Int.self, forKey: .chunk) ?? 1,
                  localProgress: try c.decodeIfPresent(String.self, forKey: .localProgress),
                  globalProgress: try c.decodeIfPresent(String.self, forKey: .globalProgress),
                  checks: try c.decodeIfPresent(PresetChecks.self, forKey: .checks) ?? PresetChecks())
    }
}
