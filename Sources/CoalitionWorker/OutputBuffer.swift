import Foundation

/// Job output waiting to be sent with the next heartbeat.
///
/// Bounded: the thread reading the job's pipe calls `waitForRoom()` before each read, so once
/// `capacity` bytes are waiting it stops reading and the job blocks on its own writes until a
/// heartbeat has delivered (and `consume`d) the data. Nothing is dropped or reordered: a
/// heartbeat sends a `snapshot()` and only removes those bytes once the server has them.
///
/// It also numbers the job's output: `offset` is the position of the first waiting byte in
/// everything the job's run has sent or will send (0 at the first banner line), the
/// `logOffset` of the next heartbeat.
final class OutputBuffer: @unchecked Sendable {
    /// Bytes kept before the reader is held back.
    let capacity: Int
    private let condition = NSCondition()
    private var bytes = Data()
    private var start: UInt64
    private var released = false
    /// Called (from the reader thread) each time the reader starts waiting for room.
    private let onFull: @Sendable () -> Void

    /// `offset`: the position in the run's output of the first byte that will be appended
    /// (0 for a new run; the delivered offset for a job taken over from a spool).
    init(capacity: Int, offset: UInt64 = 0, onFull: @escaping @Sendable () -> Void = {}) {
        self.capacity = max(1, capacity)
        self.start = offset
        self.onFull = onFull
    }

    /// Number of bytes waiting.
    var count: Int { condition.withLock { bytes.count } }

    /// Position in the run's output of the first waiting byte.
    var offset: UInt64 { condition.withLock { start } }

    /// True when the reader is (or would be) held back.
    var isFull: Bool { condition.withLock { bytes.count >= capacity } }

    /// Blocks the calling thread until there is room for more output (or `release()` was called).
    func waitForRoom() {
        condition.lock()
        defer { condition.unlock() }
        if bytes.count >= capacity && !released {
            condition.unlock()
            onFull()
            condition.lock()
        }
        while bytes.count >= capacity && !released {
            condition.wait()
        }
    }

    /// Appends output read from the job (the reader checked for room first).
    func append(_ chunk: Data) {
        guard !chunk.isEmpty else { return }
        condition.withLock { bytes.append(chunk) }
    }

    /// Appends one worker message line, `* <text>\n`; never blocks.
    func note(_ text: String) {
        append(Data(("* " + text + "\n").utf8))
    }

    /// A copy of everything waiting, oldest first.
    func snapshot() -> Data {
        condition.withLock { bytes }
    }

    /// A copy of everything waiting, with the position of its first byte in the run's output.
    func pending() -> (offset: UInt64, bytes: Data) {
        condition.withLock { (start, bytes) }
    }

    /// Removes the `count` oldest bytes (those a heartbeat delivered) and wakes the reader.
    func consume(_ count: Int) {
        condition.withLock {
            let removed = min(count, bytes.count)
            bytes.removeFirst(removed)
            start += UInt64(removed)
            // Data keeps its storage after removeFirst; start afresh once drained so memory
            // goes back down after a burst.
            if bytes.isEmpty { bytes = Data() }
            condition.broadcast()
        }
    }

    /// Lets a blocked reader go on regardless of the capacity (used when the job is over and
    /// its remaining output must be drained).
    func release() {
        condition.withLock {
            released = true
            condition.broadcast()
        }
    }
}
