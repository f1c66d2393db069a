import CoalitionCore

/// The other v4 `/api/` answers: workers, events, distinct values.
public enum V4Tables {
    /// `[{"name":…,…},…]`, the columns of v4's `Workers` table plus `ping_time`.
    public static func workers(_ workers: [Worker]) -> [UInt8] {
        var w = JSONWriter(capacity: 64 + workers.count * 300)
        w.byte(UInt8(ascii: "["))
        for (i, worker) in workers.enumerated() {
            if i > 0 { w.byte(44) }
            w.raw("{\"name\":"); w.string(worker.name)
            w.raw(",\"start_time\":"); w.int(0)
            w.raw(",\"ip\":"); w.string(worker.ip)
            w.raw(",\"affinity\":"); w.string(worker.affinity)
            w.raw(",\"state\":"); w.string(worker.state.rawValue)
            w.raw(",\"finished\":"); w.int(worker.finished)
            w.raw(",\"error\":"); w.int(worker.error)
            w.raw(",\"last_job\":"); w.int(worker.lastJob)
            w.raw(",\"current_event\":"); w.int(worker.currentActivity)
            w.raw(",\"cpu\":"); w.string(cpuText(worker.load))
            w.raw(",\"free_memory\":"); w.int(worker.freeMemory)
            w.raw(",\"total_memory\":"); w.int(worker.totalMemory)
            w.raw(",\"active\":"); w.int(worker.active ? 1 : 0)
            w.raw(",\"ping_time\":"); w.double(worker.pingTime)
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "]"))
        return w.bytes
    }

    /// v4 keeps the load list as the text the worker sent, `[12, 30]`.
    static func cpuText(_ load: [Double]) -> String {
        "[" + load.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }.joined(separator: ", ") + "]"
    }

    /// `[{"id":…,"worker":…,"job_id":…,"job_title":…,"state":…,"start":…,"duration":…},…]`
    public static func events(_ activities: [Activity], now: Double) -> [UInt8] {
        var w = JSONWriter(capacity: 64 + activities.count * 120)
        w.byte(UInt8(ascii: "["))
        for (i, a) in activities.enumerated() {
            if i > 0 { w.byte(44) }
            w.raw("{\"id\":"); w.int(a.id)
            w.raw(",\"worker\":"); w.string(a.worker)
            w.raw(",\"job_id\":"); w.int(a.jobID)
            w.raw(",\"job_title\":"); w.string(a.jobTitle)
            w.raw(",\"state\":"); w.string(a.state.rawValue)
            w.raw(",\"start\":"); w.int(Int(a.start))
            w.raw(",\"duration\":"); w.int(Int(a.displayDuration(now: now)))
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "]"))
        return w.bytes
    }

    /// Job rows as a JSON array.
    public static func jobs(_ rows: [V4JobRow]) -> [UInt8] {
        var w = JSONWriter(capacity: 64 + rows.count * 600)
        w.byte(UInt8(ascii: "["))
        for (i, row) in rows.enumerated() {
            if i > 0 { w.byte(44) }
            row.write(into: &w)
        }
        w.byte(UInt8(ascii: "]"))
        return w.bytes
    }

    /// `[{"user":"a"},{"user":"b"}]`: the distinct-value lists.
    public static func distinct(_ column: String, _ values: [WhereValue]) -> [UInt8] {
        var w = JSONWriter(capacity: 64 + values.count * 24)
        w.byte(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { w.byte(44) }
            w.byte(UInt8(ascii: "{")); w.string(column); w.byte(UInt8(ascii: ":"))
            switch v {
            case .text(let s): w.string(s)
            case .number(let n): w.double(n)
            case .null: w.raw("null")
            }
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "]"))
        return w.bytes
    }

    /// `{"1":"LINUX",…}` for numbers 1 to 63 (v4 lists every number, unnamed ones as "").
    public static func affinities(_ table: V4Affinities) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.byte(UInt8(ascii: "{"))
        for n in 1...63 {
            if n > 1 { w.byte(44) }
            w.string(String(n)); w.byte(UInt8(ascii: ":")); w.string(table.name(of: n) ?? "")
        }
        w.byte(UInt8(ascii: "}"))
        return w.bytes
    }
}
