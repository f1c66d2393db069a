import CoalitionCore
import Foundation
import Synchronization
import Testing
@testable import CoalitionServer

/// Effects run in the order they were queued, whether the effects thread or a caller of
/// `whenDone` (which carries out the next batch itself when it can) runs them.
@Suite struct EffectRunnerTests {
    /// Shared between the runner, the tasks and the test.
    final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
    }

    @Test func effectsRunInQueueOrderWhoeverRunsThem() async {
        let performed = Shared<[Int]>([])
        let runner = EffectRunner(durable: .max) { effect in
            if case .deleteLog(let id) = effect { performed.value.withLock { $0.append(id) } }
        }
        // Queued in order under one lock (as under the farm's), waited for from many tasks.
        let queueLock = Shared(0)
        let total = 2_000
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<(total / 8) {
                        // Every third batch is one nobody waits for (the thread's to run).
                        let (ticket, awaited) = queueLock.value.withLock { next -> (Int, Bool) in
                            let id = next
                            next += 1
                            let awaited = id % 3 != 0
                            return (runner.enqueue([.deleteLog(id)], after: 0, awaited: awaited), awaited)
                        }
                        guard awaited else { continue }
                        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                            runner.whenDone(ticket) { done.resume() }
                        }
                    }
                }
            }
        }
        // The last batches may be ones nobody waited for: give the thread its moment.
        let tail = runner.enqueue([.deleteLog(total)], after: 0)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            runner.whenDone(tail) { done.resume() }
        }
        #expect(performed.value.withLock { $0 } == Array(0...total))
    }

    @Test func aBatchWaitsForItsRecordToBeDurable() async {
        let performed = Shared<[Int]>([])
        let runner = EffectRunner(durable: 0) { effect in
            if case .deleteLog(let id) = effect { performed.value.withLock { $0.append(id) } }
        }
        let ticket = runner.enqueue([.deleteLog(7)], after: 5)
        let answered = Shared(false)
        let done = AsyncStream<Void>.makeStream()
        runner.whenDone(ticket) {
            answered.value.withLock { $0 = true }
            done.continuation.yield()
        }
        // Not durable yet: the caller could not run it, and nothing ran.
        #expect(!answered.value.withLock { $0 })
        #expect(performed.value.withLock { $0 }.isEmpty)
        runner.durable(upTo: 5)
        for await _ in done.stream { break }
        #expect(performed.value.withLock { $0 } == [7])
    }

    @Test func aBatchNobodyWaitsForRunsOnItsOwn() async {
        let done = AsyncStream<Int>.makeStream()
        let runner = EffectRunner(durable: .max) { effect in
            if case .truncateLog(let id) = effect { done.continuation.yield(id) }
        }
        _ = runner.enqueue([.truncateLog(3)], after: 0, awaited: false)
        var ran: Int?
        for await id in done.stream { ran = id; break }
        #expect(ran == 3)
    }
}
