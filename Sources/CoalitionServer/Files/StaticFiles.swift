import Foundation
import Hummingbird

/// Serves the web UI from the web root, confined to it (reference 1): the path is
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

    func response(rawPath: String, head: Bool) -> Response {
        guard let path = resolve(rawPath: rawPath), let data = FileManager.default.contents(atPath: path) else {
            return Answer.text("Not found", status: .notFound)
        }
        let bytes = head ? [] : [UInt8](data)
        var response = Answer.bytes(bytes, type: Self.contentType(path))
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json"
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "jpg", "jpeg": return "image/jpeg"
        case "svg": return "image/svg+xml"
        case "ico": return "image/x-icon"
        case "txt", "csv": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
