import NIOCore
import NIOPosix

/// Answers `roxor` to every datagram on the server's port (reference 9), whatever it
/// holds: empty, binary and oversized datagrams (read truncated) get the same answer.
enum DiscoveryResponder {
    static func start(host: String, port: Int) async throws -> any Channel {
        let bootstrap = DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 2048))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler())
                }
            }
        return try await bootstrap.bind(host: host, port: port).get()
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress,
                                          data: context.channel.allocator.buffer(string: "roxor"))
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // A failed send to one asker must not stop the responder.
        }
    }
}
