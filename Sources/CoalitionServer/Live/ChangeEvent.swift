import CoalitionCore
import CoalitionWire

/// One message of the change stream (`/json/events`): what changed since the previous one.
struct ChangeEvent: Sendable, Equatable {
    /// Position in this server run's stream; the SSE id is `<epoch>-<sequence>`.
    let sequence: Int
    /// Jobs that changed (and their ancestors, whose totals follow), ascending.
    var jobs: [JobID] = []
    /// Workers that changed, ascending.
    var workers: [String] = []
    /// Whether the farm's totals (counts by state) may have changed.
    var totals = false
    /// Too many changes to list: refresh everything shown.
    var all = false
    /// The stream cannot tell what was missed (reconnection from another run, or from
    /// too long ago): reload everything.
    var reload = false

    /// `{"jobs":[…],"workers":[…],"totals":B,"all":B,"reload":B}`
    var json: [UInt8] {
        var w = JSONWriter(capacity: 64 + jobs.count * 8 + workers.count * 16)
        w.raw("{\"jobs\":")
        w.intArray(jobs)
        w.raw(",\"workers\":")
        w.stringArray(workers)
        w.raw(",\"totals\":")
        w.bool(totals)
        w.raw(",\"all\":")
        w.bool(all)
        w.raw(",\"reload\":")
        w.bool(reload)
        w.byte(UInt8(ascii: "}"))
        return w.bytes
    }

    /// The Server-Sent Events frame: `id:` then one `data:` line (JSON has no raw newline).
    func frame(epoch: String) -> [UInt8] {
        var out = Array("id: \(epoch)-\(sequence)\ndata: ".utf8)
        out += json
        out += [10, 10]
        return out
    }
}

/// The `Last-Event-ID` a client reconnects with.
enum ChangeEventID {
    /// The sequence number when `text` is an id of this run (`epoch`), nil otherwise.
    static func sequence(_ text: String, epoch: String) -> Int? {
        guard let dash = text.lastIndex(of: "-"), text[..<dash] == epoch else { return nil }
        return Int(text[text.index(after: dash)...])
    }
}
