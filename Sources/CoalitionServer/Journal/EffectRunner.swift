import CoalitionCore
import Foundation

/// Carries out the farm's side effects (job output appends, log deletion, mail) after the
/// operation that produced them is durable, outside the farm's lock, strictly in
/// operation order: an append never overtakes the reset that deleted that log. A slow log
/// disk delays only the requests that wait for their own effects (heartbeats with
/// output), never the farm's lock or the journal.
final class EffectRunner: @unchecked Sendable {
    // @unchecked: mutable fields are guarded by `condition`.
    private struct Batch {
        var after: UInt64
        var effects: [FarmEffect]
        var id: Int
    }

    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var head = 0
    private var durable: UInt64
    private var nextID = 0
    private var finished = -1
    /// Set while a batch is being carried out, by the thread or by a caller (`whenDone`).
    private var busy = false
    /// The thread waits with nothing queued.
    private var idle = false
    /// What to call when a batch is carried out, by batch id.
    private var latecomers: [Int: @Sendable () -> Void] = [:]
    private let perform: @Sendable (FarmEffect) -> Void
    /// How long the thread lets effects nobody waits for gather between rounds.
    static let gatherPause = 0.002

    /// - Parameter durable: the sequence number already durable (everything, without a journal).
    init(durable: UInt64, perform: @escaping @Sendable (FarmEffect) -> Void) {
        self.durable = durable
        self.perform = perform
        let thread = Thread { [self] in run() }
        thread.name = "coalition-effects"
        thread.start()
    }

    /// Queues effects that may run once record `sequence` is durable. Call with the farm's
    /// lock held, so batches are queued in operation order. Answers a ticket. An `awaited`
    /// ticket must be waited for (`wait` or `whenDone`): that is what sets the batch going;
    /// the thread carries out the others on its own.
    func enqueue(_ effects: [FarmEffect], after sequence: UInt64, awaited: Bool = true) -> Int {
        condition.lock()
        defer { condition.unlock() }
        let id = nextID
        nextID += 1
        queue.append(Batch(after: sequence, effects: effects, id: id))
        // An awaited batch needs no wake-up here: its `whenDone` either carries it out or
        // wakes the thread. The others wake it only when it waits with nothing to do; a
        // stream of them is gathered (see `run`), not one wake-up each.
        if !awaited && idle { condition.signal() }
        return id
    }

    /// Records up to `sequence` are durable.
    func durable(upTo sequence: UInt64) {
        condition.lock()
        if sequence > durable { durable = sequence }
        // Wake the thread only for a batch somebody waits for; the others it finds on its
        // next round (at most `gatherPause` later), not one wake-up per journal sync.
        if !latecomers.isEmpty { condition.signal() }
        condition.unlock()
    }

    /// Returns once the batch `ticket` has been carried out.
    func wait(_ ticket: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            whenDone(ticket) { continuation.resume() }
        }
    }

    /// Calls `then` once the batch `ticket` has been carried out: at once (on the caller's
    /// thread) when it has; when it is next in line, may run now and nothing else is being
    /// carried out, the caller carries it out itself (no hand-off to the effects thread and
    /// back, the common case without a journal); else on the effects thread. One caller
    /// per ticket; call it outside the farm's lock.
    func whenDone(_ ticket: Int, then: @escaping @Sendable () -> Void) {
        condition.lock()
        if finished >= ticket {
            condition.unlock()
            then()
            return
        }
        // Carry out every batch up to ours, in order, when all may run and nobody else is.
        if !busy, head < queue.count, ticket >= queue[head].id, ticket - queue[head].id < queue.count - head,
           queue[head + ticket - queue[head].id].after <= durable {
            let last = head + ticket - queue[head].id
            let batches = Array(queue[head...last])
            head = last + 1
            busy = true
            condition.unlock()
            for batch in batches {
                for effect in batch.effects { perform(effect) }
            }
            condition.lock()
            finished = ticket
            busy = false
            var waiting: [@Sendable () -> Void] = []
            for batch in batches.dropLast() {
                if let w = latecomers.removeValue(forKey: batch.id) { waiting.append(w) }
            }
            if head < queue.count { condition.signal() }
            condition.unlock()
            for w in waiting { w() }
            then()
            return
        }
        latecomers[ticket] = then
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while busy || head >= queue.count || queue[head].after > durable {
                idle = head >= queue.count
                if idle || busy {
                    condition.wait()
                } else {
                    // Queued but not yet durable: look again after a pause.
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Self.gatherPause))
                }
                idle = false
            }
            busy = true
            var ready: [Batch] = []
            while head < queue.count && queue[head].after <= durable {
                ready.append(queue[head])
                head += 1
            }
            if head > 1024 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            for (n, batch) in ready.enumerated() {
                for effect in batch.effects { perform(effect) }
                condition.lock()
                finished = batch.id
                if n == ready.count - 1 { busy = false }
                let waiting = latecomers.removeValue(forKey: batch.id)
                condition.unlock()
                waiting?()
            }
            // Gather what nobody waits for a moment before looking again (a signal, from a
            // waiter or a newly durable record, ends the pause at once).
            condition.lock()
            _ = condition.wait(until: Date(timeIntervalSinceNow: Self.gatherPause))
            condition.unlock()
        }
    }
}
