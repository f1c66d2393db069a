/// The presets a server offers, by name. Built from preset files read by the caller, in
/// order of precedence: a later file with the same name replaces an earlier one (a
/// studio's directory is read after the built-in one, so it may override a built-in).
public struct PresetCatalog: Sendable {
    public private(set) var presets: [String: Preset] = [:]
    /// One line per file that could not be used; the others still load.
    public private(set) var problems: [String] = []

    public init() {}

    /// Adds the preset in `text` (from a file called `fileName`), or records why not.
    public mutating func add(text: String, fileName: String) {
        do {
            let preset = try Preset.load(text: text, fileName: fileName)
            presets[preset.name] = preset
        } catch {
            problems.append(error.description)
        }
    }

    /// Records a file that could not even be read.
    public mutating func recordProblem(_ line: String) {
        problems.append(line)
    }

    public mutating func add(_ preset: Preset) {
        presets[preset.name] = preset
    }

    /// The presets sorted by name.
    public var sorted: [Preset] { presets.values.sorted { $0.name < $1.name } }

    /// The preset called `name`, or `.unknownPreset`.
    public func preset(named name: String) throws(PresetError) -> Preset {
        guard let p = presets[name] else { throw .unknownPreset(name) }
        return p
    }
}
