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
    /// What to call when a batch is carried out, by batch id.
    private var latecomers: [Int: @Sendable () -> Void] = [:]
    private let perform: @Sendable (FarmEffect) -> Void

    /// - Parameter durable: the sequence number already durable (everything, without a journal).
    init(durable: UInt64, perform: @escaping @Sendable (FarmEffect) -> Void) {
        self.durable = durable
        self.perform = perform
        let thread = Thread { [self] in run() }
        thread.name = "coalition-effects"
        thread.start()
    }

    /// Queues effects that may run once record `sequence` is durable. Call with the farm's
    /// lock held, so batches are queued in operation order. Answers a ticket, which must be
    /// waited for (`wait` or `whenDone`): that is what sets the batch going.
    func enqueue(_ effects: [FarmEffect], after sequence: UInt64) -> Int {
        condition.lock()
        defer { condition.unlock() }
        let id = nextID
        nextID += 1
        queue.append(Batch(after: sequence, effects: effects, id: id))
        // No wake-up here: every ticket is waited for (`whenDone`), which either carries
        // the batch out itself or wakes the thread.
        return id
    }

    /// Records up to `sequence` are durable.
    func durable(upTo sequence: UInt64) {
        condition.lock()
        if sequence > durable { durable = sequence }
        condition.signal()
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
        if !busy, head < queue.count, queue[head].id == ticket, queue[head].after <= durable {
            let batch = queue[head]
            head += 1
            busy = true
            condition.unlock()
            for effect in batch.effects { perform(effect) }
            condition.lock()
            finished = batch.id
            busy = false
            if head < queue.count { condition.signal() }
            condition.unlock()
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
            while busy || head >= queue.count || queue[head].after > durable { condition.wait() }
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
        }
    }
}
