import Hummingbird

/// The web UI's files: `StaticFiles` decides whether a path may be served (confinement to
/// the web root), Hummingbird's `FileMiddleware` serves it (ETag and `If-None-Match`,
/// `Range`, HEAD, streaming from a thread pool). `no-cache` makes browsers revalidate,
/// which costs a 304 when nothing changed, so a new UI is picked up at once.
struct WebFiles: Sendable {
    let confinement: StaticFiles
    private let server: FileMiddleware<ServerContext, LocalFileSystem>

    init(root: String) {
        confinement = StaticFiles(root: root)
        server = FileMiddleware<ServerContext, LocalFileSystem>(
            confinement.root, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true)
            .withAdditionalMediaTypes(forFileExtensions: [
                "html": MediaType(type: .text, subType: "html", parameter: ("charset", "utf-8")),
                "js": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
                "mjs": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
                "css": MediaType(type: .text, subType: "css", parameter: ("charset", "utf-8")),
                "csv": MediaType(type: .text, subType: "plain", parameter: ("charset", "utf-8")),
                "txt": MediaType(type: .text, subType: "plain", parameter: ("charset", "utf-8")),
            ])
    }

    /// The file for a GET or HEAD, or 404 for anything outside the web root or missing.
    func response(_ request: Request, context: ServerContext) async -> Response {
        guard confinement.resolve(rawPath: request.uri.path) != nil else { return Self.notFound }
        do {
            return try await server.handle(request, context: context) { _, _ in throw HTTPError(.notFound) }
        } catch {
            return Self.notFound
        }
    }

    static var notFound: Response { Answer.text("Not found", status: .notFound) }
}
