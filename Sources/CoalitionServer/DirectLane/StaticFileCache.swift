#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import NIOCore
import Synchronization

/// Web UI files the router has served (through Hummingbird's `FileMiddleware`), kept as
/// the exact answer it gave, so the direct lane can give the same answer again on the
/// event loop while the file is unchanged (same inode, size and modification time, checked
/// with one `stat` per request). Only plain GETs of regular files up to `maxFileSize` are
/// kept; conditional and range requests always go to the router.
final class StaticFileCache: Sendable {
    struct Entry: Sendable {
        var file: String
        var identity: FileIdentity
        /// The router's headers, `Date` excepted (set when sent).
        var fields: HTTPFields
        var body: ByteBuffer
    }

    /// What tells a changed file from the one that was kept.
    struct FileIdentity: Sendable, Equatable {
        var inode: UInt64
        var size: Int64
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int

        /// The identity of a regular file, nil for anything else or a missing file.
        static func of(_ path: String) -> FileIdentity? {
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            return FileIdentity(inode: UInt64(info.st_ino), size: Int64(info.st_size),
                                modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
        }
    }

    static let maxFileSize = 1 << 20
    static let maxEntries = 512

    let files: StaticFiles
    private let entries = Mutex<[String: Entry]>([:])

    init(files: StaticFiles) {
        self.files = files
    }

    /// Whether a request may be answered from (or kept in) the cache: a plain GET of a
    /// path outside the APIs, without conditions or ranges.
    static func isPlainFileRequest(_ request: HTTPRequest) -> Bool {
        guard request.method == .get, let path = request.path, path.hasPrefix("/") else { return false }
        for api in ["/json", "/workers", "/xmlrpc", "/api", "/metrics", "/healthz"] where path.hasPrefix(api) {
            return false
        }
        let fields = request.headerFields
        return fields[.range] == nil && fields[.ifNoneMatch] == nil && fields[.ifModifiedSince] == nil
            && fields[.ifRange] == nil && fields[.ifMatch] == nil && fields[.ifUnmodifiedSince] == nil
    }

    /// The kept answer for the request path `path` when its file is unchanged.
    func answer(for path: String) -> Entry? {
        let route = Self.route(path)
        guard let entry = entries.withLock({ $0[route] }) else { return nil }
        guard FileIdentity.of(entry.file) == entry.identity else {
            entries.withLock { _ = $0.removeValue(forKey: route) }
            return nil
        }
        return entry
    }

    /// Keeps the router's 200 answer for `path` when it is a file's (FileMiddleware sends
    /// an ETag) and small enough. The identity is read after the answer: a file changed in
    /// between is kept under its new identity with its old content only if its size and
    /// time did not move, which a write does.
    func keep(path: String, fields: HTTPFields, body: ByteBuffer) {
        let route = Self.route(path)
        guard fields[.eTag] != nil, body.readableBytes <= Self.maxFileSize,
              let file = files.resolve(rawPath: route), let identity = FileIdentity.of(file),
              identity.size == Int64(body.readableBytes) else { return }
        var kept = fields
        kept[.date] = nil
        entries.withLock { entries in
            if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[route] = Entry(file: file, identity: identity, fields: kept, body: body)
        }
    }

    /// A request path without its query (FileMiddleware serves by path alone).
    static func route(_ path: String) -> String { DirectLane.split(path).route }
}
