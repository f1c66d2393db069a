import CoalitionPresets
import Foundation

/// The presets shipped in the repository's `presets/` directory.
enum BuiltinPresets {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("presets")

    static func load(_ name: String) throws -> Preset {
        let url = directory.appendingPathComponent(name + ".toml")
        return try Preset.load(text: String(contentsOf: url, encoding: .utf8), fileName: url.lastPathComponent)
    }

    /// Checks that accept every path.
    static let anyPath = PathChecks(exists: { _ in true }, directoryWritable: { _ in true }, sharedPaths: [])

    static func plan(_ preset: Preset, file: String, frames: String, chunk: String? = nil,
                     _ parameters: [(String, String)] = [], checks: PathChecks = anyPath) throws -> SubmissionPlan {
        try preset.plan(SubmissionRequest(preset: preset.name, file: file, frames: frames, chunk: chunk, parameters: parameters),
                        maximumChunks: 10_000, checks: checks)
    }
}
