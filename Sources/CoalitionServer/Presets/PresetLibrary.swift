import CoalitionPresets
import Foundation

/// Where the server finds presets, and the file-system checks of a submission: the I/O
/// around the pure `CoalitionPresets` logic.
struct PresetLibrary: Sendable {
    /// Directories read in order; a later preset with the same name replaces an earlier
    /// one (built-ins first, then the studio's `presetsdir`).
    let directories: [String]
    /// Largest number of chunk jobs one submission may create (`maxchunks`).
    let maximumChunks: Int
    /// Prefixes of paths the server sees as the render nodes do (`sharedpaths`).
    let sharedPaths: [String]

    /// The presets as the directories hold them now: read on each use, so that a preset
    /// file dropped into the directory is offered without a restart (they are small).
    func catalog() -> PresetCatalog {
        var catalog = PresetCatalog()
        let fm = FileManager.default
        for directory in directories {
            guard let names = try? fm.contentsOfDirectory(atPath: directory) else { continue }
            for name in names.sorted() where name.hasSuffix(".toml") || name.hasSuffix(".json") {
                let path = directory + "/" + name
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    catalog.recordProblem("preset file \(path): cannot be read as UTF-8 text")
                    continue
                }
                catalog.add(text: text, fileName: name)
            }
        }
        return catalog
    }

    /// The file-system answers, from the server's point of view. A relative path is
    /// taken relative to `directory` (the jobs' working directory) when that is absolute.
    func pathChecks(relativeTo directory: String) -> PathChecks {
        let base = directory.hasPrefix("/") ? directory : nil
        let resolve: @Sendable (String) -> String = { path in
            guard !path.hasPrefix("/"), let base else { return path }
            return base + "/" + path
        }
        return PathChecks(
            exists: { FileManager.default.fileExists(atPath: resolve($0)) },
            directoryWritable: { path in
                var isDirectory: ObjCBool = false
                let full = resolve(path)
                return FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && isDirectory.boolValue
                    && FileManager.default.isWritableFile(atPath: full)
            },
            sharedPaths: sharedPaths)
    }

    /// The rule for the built-in directory: `presets/` beside the web root, that is at the
    /// top of the checkout the server runs from.
    static func builtinDirectory(webRoot: String) -> String {
        URL(fileURLWithPath: webRoot).deletingLastPathComponent().appendingPathComponent("presets").path
    }
}
