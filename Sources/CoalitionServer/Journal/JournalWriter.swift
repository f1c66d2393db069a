#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoalitionCore
import CoalitionStore
import Foundation
import Logging

/// Appends journal records and makes them durable with group commit: records are framed
/// and written under the farm's lock (so their order is the farm's), and one thread syncs
/// whatever has been written with one `fdatasync`, which therefore covers every operation
/// that arrived while the previous sync ran. Callers wait (without blocking a thread) for
/// the sequence number of their last record.
///
/// The appending thread writes its records itself (one `write` to the page cache) unless
/// the writing thread holds bytes of its own (a failed write being retried, a segment
/// switch): then records queue behind those, in order. With `journal = write` a record is
/// durable as soon as it is written, so nothing waits on another thread.
final class JournalWriter: @unchecked Sendable {
    // @unchecked: every mutable field below is guarded by `condition`, except
    // `nextSequence`, which only the farm's lock holder touches.
    private let condition = NSCondition()
    private let directory: JournalDirectory
    private let mode: JournalMode
    private let logger: Logger
    private let statistics: JournalStatistics

    private var pending: [UInt8] = []
    private var spare: [UInt8] = []
    private var pendingLast: UInt64
    /// A snapshot took everything up to here: later records go to a new segment.
    private var rotation: (offset: Int, firstSequence: UInt64)?
    private var durable: UInt64
    private var waiters: [(sequence: UInt64, then: @Sendable () -> Void)] = []
    private var listeners: [@Sendable (UInt64) -> Void] = []
    private var stopping = false
    /// The writing thread waits for records (appends wake it only then: while it writes
    /// and syncs, they just accumulate).
    private var idle = false
    /// The last record written to the segment (durable once synced).
    private var written: UInt64
    /// The writing thread is writing bytes it took from `pending` (or switching segments):
    /// appends must queue behind them.
    private var threadWriting = false
    /// Bytes appenders wrote since the writing thread's last sync (for the statistics).
    private var bytesWritten = 0
    private var stopped = false

    /// The sequence number the next record gets. Touched only under the farm's lock.
    private var nextSequence: UInt64
    private var fd: Int32 = -1

    /// Opens a new segment after `lastSequence` (the last record recovered) and starts the
    /// writing thread.
    init(directory: JournalDirectory, mode: JournalMode, lastSequence: UInt64, logger: Logger,
         statistics: JournalStatistics) throws {
        self.directory = directory
        self.mode = mode
        self.logger = logger
        self.statistics = statistics
        self.pendingLast = lastSequence
        self.durable = lastSequence
        self.written = lastSequence
        self.nextSequence = lastSequence + 1
        try directory.create()
        fd = try openSegment(firstSequence: lastSequence + 1)
        let thread = Thread { [self] in run() }
        thread.name = "coalition-journal"
        thread.start()
    }

    /// The last sequence number handed out (farm lock held).
    var lastSequence: UInt64 { nextSequence - 1 }

    /// Frames `records` and queues them for writing. Call with the farm's lock held, in
    /// the order the operations were applied. Answers the sequence number of the last one.
    func append(_ records: [FarmOperation]) -> UInt64 {
        guard !records.isEmpty else { return nextSequence - 1 }
        var framed: [UInt8] = []
        for record in records {
            JournalFormat.appendRecord(record, sequence: nextSequence, to: &framed)
            nextSequence += 1
        }
        let last = nextSequence - 1
        condition.lock()
        if pending.isEmpty && rotation == nil && !threadWriting && !stopping {
            let started = DispatchTime.now().uptimeNanoseconds
            let done = writeSome(framed[...])
            if done == framed.count {
                written = last
                if mode == .fsync {
                    bytesWritten += done
                    if idle { condition.signal() }
                    condition.unlock()
                } else {
                    durable = last
                    let listeners = self.listeners
                    condition.unlock()
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    statistics.recordCommit(records: records.count, bytes: framed.count, seconds: elapsed, synced: false)
                    for l in listeners { l(last) }
                }
                return last
            }
            // The disk refused: the writing thread retries the rest until it is accepted.
            framed.removeFirst(done)
        }
        pending.append(contentsOf: framed)
        pendingLast = last
        if idle { condition.signal() }
        condition.unlock()
        return last
    }

    /// Writes as much of `bytes` as the segment takes; answers how many bytes it took
    /// (fewer than all of them when the disk refused: `errno` says why).
    private func writeSome(_ bytes: ArraySlice<UInt8>) -> Int {
        var offset = 0
        bytes.withUnsafeBytes { buf in
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
        return offset
    }

    /// A snapshot holds every record up to `sequence` (farm lock held): the records after
    /// it start a new segment, so the older ones can be deleted once the snapshot is saved.
    func startSegment(after sequence: UInt64) {
        condition.lock()
        if rotation == nil { rotation = (pending.count, sequence + 1) }
        condition.signal()
        condition.unlock()
    }

    /// Returns once every record up to `sequence` is durable.
    func waitDurable(_ sequence: UInt64) async {
        if isDurable(sequence) { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            whenDurable(sequence) { continuation.resume() }
        }
    }

    /// Calls `then` once every record up to `sequence` is durable: at once (on the caller's
    /// thread) when it already is, else on the writing thread.
    func whenDurable(_ sequence: UInt64, then: @escaping @Sendable () -> Void) {
        condition.lock()
        if durable >= sequence {
            condition.unlock()
            then()
            return
        }
        waiters.append((sequence, then))
        condition.unlock()
    }

    private func isDurable(_ sequence: UInt64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return durable >= sequence
    }

    /// Calls `listener` (on the writing thread) with each new durable sequence number.
    func onDurable(_ listener: @escaping @Sendable (UInt64) -> Void) {
        condition.lock()
        listeners.append(listener)
        condition.unlock()
    }

    /// Writes what is pending and stops the thread.
    func close() {
        condition.lock()
        stopping = true
        condition.signal()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    // MARK: the writing thread

    private func run() {
        while true {
            condition.lock()
            idle = true
            while pending.isEmpty && rotation == nil && written == durable && !stopping { condition.wait() }
            idle = false
            if pending.isEmpty && rotation == nil && written == durable && stopping {
                Glibc.close(fd)
                stopped = true
                condition.broadcast()
                condition.unlock()
                return
            }
            // Bytes queued behind a failed write or a segment switch come after everything
            // written so far; take them, and keep appends queuing until they are written.
            let batch: [UInt8]
            let cut = rotation
            var target = written
            if !pending.isEmpty || cut != nil {
                swap(&pending, &spare)
                batch = spare
                if !batch.isEmpty { target = pendingLast }
                rotation = nil
                threadWriting = true
            } else {
                batch = []
            }
            let records = Int(target - durable)
            let bytes = batch.count + bytesWritten
            bytesWritten = 0
            condition.unlock()

            let started = DispatchTime.now().uptimeNanoseconds
            if threadWriting { writeDurably(batch, cut: cut) }
            if mode == .fsync { retrying { try sync() } }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            statistics.recordCommit(records: records, bytes: bytes, seconds: elapsed, synced: mode == .fsync)

            condition.lock()
            if threadWriting {
                spare.removeAll(keepingCapacity: true)
                written = target
                threadWriting = false
            }
            durable = target
            var ready: [@Sendable () -> Void] = []
            waiters.removeAll { w in
                guard w.sequence <= target else { return false }
                ready.append(w.then)
                return true
            }
            let listeners = self.listeners
            condition.unlock()
            for then in ready { then() }
            for l in listeners { l(target) }
        }
    }

    /// Writes a batch, switching segments at `cut` (the records before it are synced in
    /// the old segment first); retries until the disk accepts it, so nothing is
    /// acknowledged that is not written (a full disk stalls changes, it does not lose them).
    private func writeDurably(_ batch: [UInt8], cut: (offset: Int, firstSequence: UInt64)?) {
        guard let cut else {
            writeRetrying(batch[...])
            return
        }
        writeRetrying(batch[0..<cut.offset])
        if mode == .fsync { retrying { try sync() } }
        Glibc.close(fd)
        retrying { fd = try openSegment(firstSequence: cut.firstSequence) }
        writeRetrying(batch[cut.offset...])
    }

    /// Runs `body` until it succeeds, once a second, saying why it failed.
    private func retrying(_ body: () throws -> Void) {
        var failures = 0
        while true {
            do {
                try body()
                return
            } catch {
                failures += 1
                if failures == 1 || failures % 60 == 0 {
                    logger.error("journal: \(error); changes wait until it can be written (retrying every second)")
                }
                sleep(1)
            }
        }
    }

    /// Writes `bytes` whole: after a failure, only what was not written is tried again.
    private func writeRetrying(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        retrying {
            rest = rest.dropFirst(writeSome(rest))
            if !rest.isEmpty { throw IOError(description: "write: \(String(cString: strerror(errno)))") }
        }
    }

    private struct IOError: Error, CustomStringConvertible {
        var description: String
    }

    private func sync() throws {
        if fdatasync(fd) != 0 { throw IOError(description: "fdatasync: \(String(cString: strerror(errno)))") }
    }

    private func openSegment(firstSequence: UInt64) throws -> Int32 {
        let path = directory.segmentPath(firstSequence: firstSequence)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError(description: "open \(path): \(String(cString: strerror(errno)))") }
        let header = JournalFormat.header()
        let written = header.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        guard written == header.count, fsync(fd) == 0 else {
            Glibc.close(fd)
            throw IOError(description: "write \(path): \(String(cString: strerror(errno)))")
        }
        let dir = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            Glibc.close(dir)
        }
        return fd
    }
}
