import CoalitionCore
import Foundation
import Synchronization

/// Pushes what changed on the farm to the clients of `/json/events`.
///
/// Changes are published as they happen and gathered into one event per `interval`
/// (a burst of 10,000 changes becomes a handful of events). Each subscriber has a bounded
/// buffer of frames; one that falls `clientBuffer` frames behind is dropped (its stream
/// ends, the browser reconnects with `Last-Event-ID` and gets the missed events or a
/// reload) instead of being buffered for ever. Event ids carry an epoch unique to this
/// server run, so an id from before a restart is recognised and answered with a reload.
final class ChangeHub: Sendable {
    /// This run's prefix of event ids.
    let epoch: String
    /// Time between two events, seconds.
    let interval: Double
    /// Frames a subscriber may have waiting before it is dropped.
    let clientBuffer: Int
    /// Subscribers accepted at once; more are refused (503) rather than slowing everyone.
    let maxSubscribers: Int
    /// Seconds between keep-alive comments, which also reveal clients that went away.
    let keepAlive: Double

    private struct State {
        var log: ChangeLog
        var subscribers: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
        var nextSubscriber = 0
    }
    private let state: Mutex<State>

    init(interval: Double = 0.15, capacity: Int = 512, listLimit: Int = 1000, clientBuffer: Int = 64,
         maxSubscribers: Int = 4096, keepAlive: Double = 15) {
        let millis = UInt64(Date().timeIntervalSince1970 * 1000)
        epoch = String(millis, radix: 36) + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        self.interval = interval
        self.clientBuffer = clientBuffer
        self.maxSubscribers = maxSubscribers
        self.keepAlive = keepAlive
        state = Mutex(State(log: ChangeLog(capacity: capacity, listLimit: listLimit)))
    }

    /// Records changes for the next event.
    func publish(jobs: some Collection<JobID>, workers: some Collection<String>, totals: Bool) {
        state.withLock { $0.log.record(jobs: jobs, workers: workers, totals: totals) }
    }

    /// A subscriber's frames; `close()` (or the end of the request) unsubscribes.
    struct Subscription: Sendable {
        let id: Int
        let frames: AsyncStream<[UInt8]>
        fileprivate let hub: ChangeHub
        func close() { hub.drop(id) }
    }

    /// Subscribes a client; it first receives what it missed since `lastEventID`, or a
    /// reload marker when that cannot be told, or (new client) an empty event giving its
    /// position. Nil when `maxSubscribers` are already connected.
    func subscribe(lastEventID: String?) -> Subscription? {
        let (frames, continuation) = AsyncStream.makeStream(of: [UInt8].self,
                                                            bufferingPolicy: .bufferingOldest(clientBuffer))
        let id: Int? = state.withLock { s in
            guard s.subscribers.count < maxSubscribers else { return nil }
            let opening = Array("retry: 1000\n\n".utf8)
            continuation.yield(opening)
            let last = s.log.lastSequence
            if let text = lastEventID, !text.isEmpty {
                if let seq = ChangeEventID.sequence(text, epoch: epoch), let missed = s.log.events(after: seq) {
                    // More missed events than the buffer holds would drop the client at once.
                    if missed.count < clientBuffer - 1 {
                        for event in missed { continuation.yield(event.frame(epoch: epoch)) }
                    } else {
                        continuation.yield(s.log.reloadEvent.frame(epoch: epoch))
                    }
                } else {
                    continuation.yield(s.log.reloadEvent.frame(epoch: epoch))
                }
            } else {
                continuation.yield(ChangeEvent(sequence: last).frame(epoch: epoch))
            }
            let id = s.nextSubscriber
            s.nextSubscriber += 1
            s.subscribers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return nil
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return Subscription(id: id, frames: frames, hub: self)
    }

    /// Connected subscribers.
    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Makes the event for what was published since the last one and sends it.
    func flush() {
        let (event, targets): (ChangeEvent?, [(Int, AsyncStream<[UInt8]>.Continuation)]) = state.withLock { s in
            guard let event = s.log.flush() else { return (nil, []) }
            return (event, Array(s.subscribers))
        }
        guard let event else { return }
        send(event.frame(epoch: epoch), to: targets)
    }

    /// A comment line to every subscriber: keeps proxies from closing idle streams and
    /// lets a write fail on connections whose client went away.
    func ping() {
        let targets = state.withLock { Array($0.subscribers) }
        send(Array(": keep-alive\n\n".utf8), to: targets)
    }

    /// Ends every stream (server shutdown).
    func closeAll() {
        let targets = state.withLock { s in
            let all = Array(s.subscribers.values)
            s.subscribers = [:]
            return all
        }
        for continuation in targets { continuation.finish() }
    }

    /// Flushes every `interval` and pings every `keepAlive` until cancelled.
    func run() async {
        var sincePing = 0.0
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
            flush()
            sincePing += interval
            if sincePing >= keepAlive {
                sincePing = 0
                ping()
            }
        }
    }

    // Continuations are used outside the lock: finishing one runs its termination
    // handler, which takes the lock again.
    private func send(_ frame: [UInt8], to targets: [(Int, AsyncStream<[UInt8]>.Continuation)]) {
        for (id, continuation) in targets {
            switch continuation.yield(frame) {
            case .enqueued: break
            case .dropped, .terminated:
                remove(id)
                continuation.finish()
            @unknown default: break
            }
        }
    }

    fileprivate func drop(_ id: Int) {
        let continuation = state.withLock { $0.subscribers.removeValue(forKey: id) }
        continuation?.finish()
    }

    private func remove(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}
