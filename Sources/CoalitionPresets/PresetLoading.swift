import Foundation
import TOMLKit

extension Preset {
    /// The formats a preset file may be written in, chosen by its extension.
    public enum Format: String, Sendable, CaseIterable {
        case toml, json
    }

    /// Reads a preset from the text of a file called `fileName` (its extension picks the
    /// format; its stem is the name when the file gives none) and validates it.
    public static func load(text: String, fileName: String) throws(PresetError) -> Preset {
        let stem: String
        let format: Format
        if let dot = fileName.lastIndex(of: "."), let f = Format(rawValue: fileName[fileName.index(after: dot)...].lowercased()) {
            stem = String(fileName[..<dot])
            format = f
        } else {
            throw .unreadablePreset(file: fileName, reason: "not a .toml or .json file")
        }
        var preset: Preset
        do {
            switch format {
            case .toml: preset = try TOMLDecoder().decode(Preset.self, from: text)
            case .json: preset = try JSONDecoder().decode(Preset.self, from: Data(text.utf8))
            }
        } catch let error as TOMLParseError {
            throw .unreadablePreset(file: fileName, reason: "\(error.description) at line \(error.source.begin.line)")
        } catch let error as DecodingError {
            throw .unreadablePreset(file: fileName, reason: Self.explain(error))
        } catch {
            throw .unreadablePreset(file: fileName, reason: "\(error)")
        }
        if preset.name.isEmpty { preset.name = stem }
        if preset.title.isEmpty { preset.title = preset.name }
        try preset.validate()
        return preset
    }

    /// A one-line reading of a decoding error: the key path and what was wrong.
    static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            // Some decoders already end the path with the missing key.
            let keys = context.codingPath.last?.stringValue == key.stringValue ? context.codingPath : context.codingPath + [key]
            return "missing key '\(path(keys))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : "'\(at)': ") + context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
