import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Sits in each connection's pipeline in front of the router and answers the calls
/// `DirectLane` claims itself, on the event loop; every other request passes through to
/// the router untouched.
///
/// Answers leave in request order, as HTTP/1.1 requires of pipelined requests: a call is
/// claimed only when the router owes no answer on the connection, and what arrives while a
/// claimed call waits for its journal record is held back and read after its answer.
final class DirectLaneHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private struct Claim {
        var call: DirectLane.Call
        var request: HTTPRequest
        /// `nil` once the body went over the limit.
        var body: ByteBuffer?
        var started: ContinuousClock.Instant
    }

    private enum Mode {
        case idle
        case collecting(Claim)
        /// A claimed call waits for its answer.
        case answering
        /// A request is being handed to the router.
        case passing
    }

    private let gate: StartupGate
    private var mode = Mode.idle
    /// Requests handed to the router whose answer has not ended yet.
    private var routerOwes = 0
    private var held: [HTTPRequestPart] = []
    private var date = HTTPDate()

    init(gate: StartupGate) {
        self.gate = gate
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .answering = mode {
            held.append(part)
            return
        }
        read(part, context: context)
    }

    private func read(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (mode, part) {
        case (.idle, .head(let request)):
            if routerOwes == 0, let lane = gate.lane, let call = lane.claim(request) {
                mode = .collecting(Claim(call: call, request: request, body: ByteBuffer(), started: .now))
            } else {
                routerOwes += 1
                mode = .passing
                context.fireChannelRead(wrapInboundOut(part))
            }
        case (.collecting(var claim), .body(var chunk)):
            if var body = claim.body, let lane = gate.lane {
                if body.readableBytes + chunk.readableBytes > lane.bodyLimit {
                    claim.body = nil
                } else {
                    body.writeBuffer(&chunk)
                    claim.body = body
                }
            }
            mode = .collecting(claim)
        case (.collecting(let claim), .end):
            mode = .answering
            answer(claim, context: context)
        case (.passing, .end):
            mode = .idle
            context.fireChannelRead(wrapInboundOut(part))
        default:
            // A request's body or end while passing, or a part out of order: the router's
            // to handle (it answers a malformed sequence as it always has).
            context.fireChannelRead(wrapInboundOut(part))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routerOwes > 0 { routerOwes -= 1 }
        context.write(data, promise: promise)
    }

    private func answer(_ claim: Claim, context: ChannelHandlerContext) {
        guard let lane = gate.lane else { return }
        let peer = context.channel.remoteAddress?.ipAddress ?? ""
        let eventLoop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: eventLoop)
        lane.answer(claim.call, claim.request, body: claim.body, peer: peer) { answer in
            if eventLoop.inEventLoop {
                bound.value.0.send(answer, for: claim, lane: lane, peer: peer, context: bound.value.1)
            } else {
                eventLoop.execute {
                    bound.value.0.send(answer, for: claim, lane: lane, peer: peer, context: bound.value.1)
                }
            }
        }
    }

    private func send(_ answer: PlainAnswer, for claim: Claim, lane: DirectLane, peer: String,
                      context: ChannelHandlerContext) {
        var fields = HTTPFields()
        fields[.contentType] = answer.type
        fields[.cacheControl] = "no-store"
        fields[.contentLength] = String(answer.body.count)
        fields[.date] = date.now()
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: answer.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        lane.record(claim.call, claim.request, status: Int(answer.status.code), since: claim.started, peer: peer)
        mode = .idle
        guard !held.isEmpty else { return }
        while !held.isEmpty {
            if case .answering = mode { break }
            read(held.removeFirst(), context: context)
        }
        // The router's side delivers what it was given at the end of a read.
        context.fireChannelReadComplete()
    }
}
