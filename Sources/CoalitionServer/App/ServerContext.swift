import Hummingbird
import NIOCore

/// Request context that remembers the peer address (workers' IP column). Body limits are
/// applied where bodies are read (`formParameters(limit:)`, the XML-RPC endpoint).
struct ServerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text.
    var peerIP: String { remoteAddress?.ipAddress ?? "" }
}
