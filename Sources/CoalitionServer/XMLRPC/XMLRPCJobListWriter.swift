import CoalitionCore

/// Writes the `getjobs` answer straight to bytes.
///
/// The general path (an `XMLRPCValue` tree, then `XMLRPCEncoder`) allocates a boxed value
/// per member; for a group of a thousand jobs that made XML-RPC getjobs several times
/// slower than `/json/getjobs`. This writer produces the same document, member for member
/// as `XMLRPCRecords.job`, with the escaping rules of `XMLRPCEncoder` (`&<>` as entities,
/// CR as `&#13;`, characters XML 1.0 forbids as U+FFFD). The general path remains the one
/// `system.multicall` uses; the end-to-end tests check that both answers decode alike.
struct XMLRPCJobListWriter {
    private(set) var bytes: [UInt8] = []

    /// The whole `methodResponse` of getjobs.
    static func response(jobs: [Job], parents: [Breadcrumb], now: Double) -> [UInt8] {
        var w = XMLRPCJobListWriter()
        // About 2 KB per job struct: reserving once avoids regrowing a multi-megabyte buffer.
        w.bytes.reserveCapacity(512 + jobs.count * 2300 + parents.count * 160)
        w.raw("<?xml version='1.0'?><methodResponse><params><param><value><struct><member><name>Jobs</name>")
        w.raw("<value><array><data>")
        for job in jobs { w.job(job, now: now) }
        w.raw("</data></array></value></member><member><name>Parents</name><value><array><data>")
        for p in parents {
            w.raw("<value><struct>")
            w.int("ID", p.id)
            w.string("Title", p.title)
            w.raw("</struct></value>")
        }
        w.raw("</data></array></value></member></struct></value></param></params></methodResponse>")
        return w.bytes
    }

    private mutating func job(_ job: Job, now: Double) {
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

    private mutating func open(_ name: StaticString) {
        raw("<member><name>")
        raw(name)
        raw("</name>")
    }

    private mutating func int(_ name: StaticString, _ n: Int) {
        open(name)
        intValue(n)
        raw("</member>")
    }

    private mutating func ints(_ name: StaticString, _ list: [Int]) {
        open(name)
        raw("<value><array><data>")
        for n in list { intValue(n) }
        raw("</data></array></value></member>")
    }

    private mutating func string(_ name: StaticString, _ text: String) {
        open(name)
        raw("<value><string>")
        escaped(text)
        raw("</string></value></member>")
    }

    private mutating func double(_ name: StaticString, _ d: Double) {
        open(name)
        raw("<value><double>")
        // The shortest round-trip form, as XMLRPCEncoder writes doubles.
        bytes.append(contentsOf: d.description.utf8)
        raw("</double></value></member>")
    }

    // MARK: scalars

    private mutating func intValue(_ n: Int) {
        // Python's client reads <i8> although it never sends it; ints are <int> when they fit.
        let small = Int32(exactly: n) != nil
        raw(small ? "<value><int>" : "<value><i8>")
        decimal(n)
        raw(small ? "</int></value>" : "</i8></value>")
    }

    private mutating func decimal(_ n: Int) {
        // Small-string formatting: no allocation for any Int.
        bytes.append(contentsOf: String(n).utf8)
    }

    private mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `text` escaped with XMLRPCEncoder's rules; runs without special bytes are copied whole.
    private mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { source in
            var runStart = 0
            var index = 0
            let count = source.count
            while index < count {
                let byte = source[index]
                let replacement: StaticString?
                var consumed = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case 0x0D: replacement = "&#13;"
                case 0x09, 0x0A: replacement = nil
                case 0x00..<0x20: replacement = "\u{FFFD}"
                case 0xEF where index + 2 < count && source[index + 1] == 0xBF && source[index + 2] >= 0xBE:
                    replacement = "\u{FFFD}"
                    consumed = 3
                default: replacement = nil
                }
                if let replacement {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                    raw(replacement)
                    index += consumed
                    runStart = index
                } else {
                    index += 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<count]))
        }
    }
}
