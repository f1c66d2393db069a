import Foundation
import Hummingbird

/// Confines the web UI to the web root (reference 1); `WebFiles` serves what passes: the path is
/// percent-decoded once, and anything with `..`, `.` segments, backslashes, NULs, encoded
/// or doubled slashes, or that resolves outside the root through a symlink is a 404.
struct StaticFiles: Sendable {
    let root: String

    init(root: String) {
        let url = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath()
        self.root = url.path
    }

    /// The file for a raw request path, or nil for 404.
    func resolve(rawPath: String) -> String? {
        let lowered = rawPath.lowercased()
        if lowered.contains("%2f") || lowered.contains("%5c") || lowered.contains("%00") { return nil }
        guard let decoded = rawPath.removingPercentEncoding else { return nil }
        if decoded.contains("\\") || decoded.contains("\0") || decoded.contains("//") { return nil }
        var segments = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if segments.contains(where: { $0 == ".." || $0 == "." }) { return nil }
        if segments.isEmpty { segments = ["index.html"] }
        var candidate = root + "/" + segments.joined(separator: "/")
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue {
            candidate += "/index.html"
        }
        let real = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        guard real.hasPrefix(root + "/") else { return nil }
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDir), !isDir.boolValue else { return nil }
        return real
    }
}
