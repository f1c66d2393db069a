import Hummingbird
import NIOCore

/// Request context that remembers the peer address (workers' IP column).
struct ServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    let bodyLimit: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        bodyLimit = ServerContext.configuredBodyLimit.value
    }

    var maxUploadSize: Int { bodyLimit }

    /// The peer's IP address as text.
    var peerIP: String { remoteAddress?.ipAddress ?? "" }

    /// Set once at start-up from `maxbodysize`.
    static let configuredBodyLimit = BodyLimit()
}

/// A process-wide setting written once before the server starts.
final class BodyLimit: @unchecked Sendable {
    // Written before any request is served, read-only afterwards.
    var value = 128 << 20
}
