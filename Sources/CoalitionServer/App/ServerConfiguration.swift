#if canImport(Glibc)
import Glibc
#endif
import CoalitionConfig
import Foundation

/// Reads `coalition.ini` for the server: the settings, and the warnings worth a line
/// (unknown keys with their line, a lone `%`, ...). An absent file is the defaults; a
/// file that exists but cannot be read, or holds an unusable value (an invalid
/// `commandwhitelist` pattern among them), is an error naming the problem.
enum ServerConfiguration {
    struct Loaded: Sendable {
        var settings = ServerSettings()
        var warnings: [String] = []
    }

    /// `explicit` is true when the path came from `--config` (it must then exist).
    static func load(path: String, explicit: Bool) throws(ConfigError) -> Loaded {
        guard access(path, F_OK) == 0 else {
            if explicit { throw ConfigError("\(path): no such file") }
            return Loaded()
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("\(path): cannot read (\(String(cString: strerror(errno))))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ConfigError("\(path): not UTF-8 text") }
        let ini = IniFile(text: text)
        var loaded = Loaded()
        loaded.warnings = ini.warnings + ini.unknownKeys(in: "server", known: ServerSettings.knownKeys)
        do { loaded.settings = try ServerSettings(ini: ini) } catch { throw ConfigError("\(path): \(error)") }
        return loaded
    }
}
