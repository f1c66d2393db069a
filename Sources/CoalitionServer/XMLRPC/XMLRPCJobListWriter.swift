import CoalitionCore
import CoalitionWire
import NIOCore

/// Writes the `getjobs` answer straight into the response buffer.
///
/// The general path (an `XMLRPCValue` tree, then `XMLRPCEncoder`, then a copy into the
/// response) allocates a boxed value per member and regrows a multi-megabyte array; for a
/// group of a thousand jobs it made XML-RPC getjobs several times slower than
/// `/json/getjobs`. This writer produces the same document, member for member as
/// `XMLRPCRecords.job`, with the escaping rules of `XMLRPCEncoder` (`&<>` as entities, CR
/// as `&#13;`, characters XML 1.0 forbids as U+FFFD). Each job is written into memory
/// reserved for its worst case, so the inner loop does no capacity checks. The general
/// path remains the one `system.multicall` uses; the end-to-end tests check that both
/// answers decode alike.
enum XMLRPCJobListWriter {
    /// The whole `methodResponse` of getjobs.
    static func response(jobs: [Job], parents: [Breadcrumb], now: Double) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 8192 + jobs.count * 2100)
        buffer.writeStaticString("<?xml version='1.0'?><methodResponse><params><param><value><struct>")
        buffer.writeStaticString("<member><name>Jobs</name><value><array><data>")
        for job in jobs {
            let bound = worstCase(job)
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { memory in
                var out = Output(memory)
                out.job(job, now: now)
                return out.written(since: memory.baseAddress!)
            }
        }
        buffer.writeStaticString("</data></array></value></member><member><name>Parents</name><value><array><data>")
        for p in parents {
            // Markup under 200 bytes with the id at its longest, plus the escaped title.
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 400 + 5 * p.title.utf8.count) { memory in
                var out = Output(memory)
                out.raw("<value><struct>")
                out.int("ID", p.id)
                out.string("Title", p.title)
                out.raw("</struct></value>")
                return out.written(since: memory.baseAddress!)
            }
        }
        buffer.writeStaticString("</data></array></value></member></struct></value></param></params></methodResponse>")
        return buffer
    }

    /// An upper bound of the bytes `Output.job` writes: the markup of every member (about
    /// 2,600 bytes with numbers at their longest; 4,096 leaves a margin), 5 bytes per string
    /// byte (the longest escape, `&amp;`, replaces one byte) and 48 per list element.
    static func worstCase(_ job: Job) -> Int {
        let text = job.title.utf8.count + job.command.utf8.count + job.dir.utf8.count + job.worker.utf8.count
            + job.affinity.utf8.count + job.user.utf8.count + job.url.utf8.count + job.state.rawValue.utf8.count
        return 4096 + 5 * text + 48 * (job.children.count + job.dependencies.count)
    }
}

/// A write cursor over memory sized by `worstCase`. Every write checks the end (a
/// precondition, kept in release builds): a wrong bound stops the server rather than
/// writing past the buffer.
private struct Output {
    var cursor: UnsafeMutablePointer<UInt8>
    let end: UnsafeMutablePointer<UInt8>

    init(_ memory: UnsafeMutableRawBufferPointer) {
        cursor = memory.baseAddress!.assumingMemoryBound(to: UInt8.self)
        end = cursor + memory.count
    }

    func reserve(_ count: Int) {
        precondition(end - cursor >= count, "XML-RPC job struct larger than its bound")
    }

    func written(since start: UnsafeMutableRawPointer) -> Int {
        UnsafeMutableRawPointer(cursor) - start
    }

    mutating func job(_ job: Job, now: Double) {
        raw("<value><struct>")
        int("ID", job.id)
        if let parent = job.parent { int("Parent", parent) }
        ints("Children", job.children)
        string("Title", job.title)
        string("Command", job.command)
        string("Dir", job.dir)
        string("State", job.state.rawValue)
        string("Worker", job.worker)
        string("Affinity", job.affinity)
        string("User", job.user)
        double("StartTime", job.startTime)
        double("Duration", job.displayDuration(now: now))
        double("PingTime", job.pingTime)
        int("Try", job.tryCount)
        int("Retry", job.retry)
        int("TimeOut", job.timeOut)
        int("Priority", job.priority)
        int("Order", 0)
        int("Finished", job.directFinished)
        int("Errors", job.directErrors)
        int("Working", job.directWorking)
        int("Total", job.tally.total)
        int("TotalFinished", job.tally.finished)
        int("TotalErrors", job.tally.errors)
        int("TotalWorking", job.tally.working)
        ints("Dependencies", job.dependencies)
        string("URL", job.url)
        if let p = job.localProgress { double("LocalProgress", p) }
        if let p = job.globalProgress { double("GlobalProgress", p) }
        raw("</struct></value>")
    }

    // MARK: members

    mutating func open(_ name: StaticString) {
        raw("<member><name>")
        raw(name)
        raw("</name>")
    }

    mutating func int(_ name: StaticString, _ n: Int) {
        open(name)
        intValue(n)
        raw("</member>")
    }

    mutating func ints(_ name: StaticString, _ list: [Int]) {
        open(name)
        raw("<value><array><data>")
        for n in list { intValue(n) }
        raw("</data></array></value></member>")
    }

    mutating func string(_ name: StaticString, _ text: String) {
        open(name)
        raw("<value><string>")
        escaped(text)
        raw("</string></value></member>")
    }

    mutating func double(_ name: StaticString, _ d: Double) {
        open(name)
        raw("<value><double>")
        // The shortest round-trip form, as XMLRPCEncoder writes doubles.
        var text = d.description
        text.withUTF8 { bytes($0) }
        raw("</double></value></member>")
    }

    // MARK: scalars

    mutating func intValue(_ n: Int) {
        // Python's client reads <i8> although it never sends it; ints are <int> when they fit.
        let small = Int32(exactly: n) != nil
        raw(small ? "<value><int>" : "<value><i8>")
        decimal(n)
        raw(small ? "</int></value>" : "</i8></value>")
    }

    mutating func decimal(_ n: Int) {
        reserve(20)
        if n < 0 {
            cursor.pointee = UInt8(ascii: "-")
            cursor += 1
        }
        var magnitude = n.magnitude
        var digits = 1
        var scale: UInt = 1
        while magnitude / scale >= 10 {
            scale *= 10
            digits += 1
        }
        for _ in 0..<digits {
            cursor.pointee = UInt8(truncatingIfNeeded: magnitude / scale) &+ 48
            cursor += 1
            magnitude %= scale
            scale /= 10
        }
    }

    mutating func raw(_ text: StaticString) {
        reserve(text.utf8CodeUnitCount)
        cursor.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        cursor += text.utf8CodeUnitCount
    }

    mutating func bytes(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        cursor.update(from: base, count: source.count)
        cursor += source.count
    }

    /// `text` escaped with the codec's rules (`XMLTextEscaping`).
    mutating func escaped(_ text: String) {
        XMLTextEscaping.forEachPiece(of: text) { bytes($0) }
    }
}
