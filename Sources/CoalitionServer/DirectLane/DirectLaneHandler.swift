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

    /// A router answer being kept for the static-file cache.
    private struct Capture {
        var path: String
        var fields: HTTPFields?
        var body = ByteBuffer()
    }

    private let gate: StartupGate
    private var mode = Mode.idle
    /// Requests handed to the router whose answer has not ended yet.
    private var routerOwes = 0
    /// One entry per request handed to the router, in order: what to keep of its answer.
    private var captures: [Capture?] = []
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
                let keep = gate.lane?.staticFiles != nil && StaticFileCache.isPlainFileRequest(request)
                captures.append(keep ? Capture(path: request.path ?? "") : nil)
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
        switch unwrapOutboundIn(data) {
        case .head(let response) where response.status.code >= 200:
            if !captures.isEmpty, captures[0] != nil {
                if response.status == .ok { captures[0]!.fields = response.headerFields } else { captures[0] = nil }
            }
        case .body(let chunk):
            if !captures.isEmpty, captures[0]?.fields != nil {
                if captures[0]!.body.readableBytes + chunk.readableBytes > StaticFileCache.maxFileSize {
                    captures[0] = nil
                } else {
                    var chunk = chunk
                    captures[0]!.body.writeBuffer(&chunk)
                }
            }
        case .end:
            if routerOwes > 0 { routerOwes -= 1 }
            if !captures.isEmpty, let capture = captures.removeFirst(), let fields = capture.fields {
                gate.lane?.staticFiles?.keep(path: capture.path, fields: fields, body: capture.body)
            }
        default:
            break
        }
        context.write(data, promise: promise)
    }

    private func answer(_ claim: Claim, context: ChannelHandlerContext) {
        guard let lane = gate.lane else { return }
        let peer = context.channel.remoteAddress?.ipAddress ?? ""
        if case .staticFile(let entry) = claim.call {
            var fields = entry.fields
            fields[.date] = date.now()
            write(status: .ok, fields: fields, body: entry.body, context: context)
            finish(claim, status: 200, lane: lane, peer: peer, context: context)
            return
        }
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
        write(status: answer.status, fields: fields, body: context.channel.allocator.buffer(bytes: answer.body),
              context: context)
        finish(claim, status: Int(answer.status.code), lane: lane, peer: peer, context: context)
    }

    /// Writes one whole answer, around the router's side of the pipeline.
    private func write(status: HTTPResponse.Status, fields: HTTPFields, body: ByteBuffer, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Counts the answered claim and reads what arrived while it was answered.
    private func finish(_ claim: Claim, status: Int, lane: DirectLane, peer: String, context: ChannelHandlerContext) {
        lane.record(claim.call, claim.request, status: status, since: claim.started, peer: peer)
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
