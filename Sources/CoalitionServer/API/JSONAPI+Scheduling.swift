import CoalitionCore
import CoalitionWire
import Hummingbird

/// The scheduling endpoints (docs/scheduling.md): blocklists, limits, and the job rules
/// read through `getjobs?extra=1`. New names only; the v3 answers are untouched.
extension JSONAPI {
    static let schedulingEndpoints: [String: Endpoint] = [
        "getblocklist": { api, p, _ in await api.getBlocklist(p) },
        "clearblocklist": { api, p, _ in await api.clearBlocklist(p) },
        "setlimit": { api, p, _ in await api.setLimit(p) },
        "getlimits": { api, _, _ in await api.getLimits() },
    ]

    /// `[{"Worker":…,"Errors":…,"Until":…},…]` for `id`; Until is 0 while not blocked yet
    /// and -1 for never forgiven.
    func getBlocklist(_ p: FormParameters) async -> Response {
        guard let id = p["id"].flatMap({ FarmText.integer($0) }) else { return Answer.text("-1", status: .badRequest) }
        let list = await service.read { farm, _ in farm.blocklist(of: id) }
        var w = JSONWriter()
        w.byte(UInt8(ascii: "["))
        for (i, e) in list.enumerated() {
            if i > 0 { w.byte(44) }
            w.raw("{\"Worker\":"); w.string(e.worker)
            w.raw(",\"Errors\":"); w.int(e.errors)
            w.raw(",\"Until\":"); w.double(e.until.isFinite ? e.until : -1)
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "]"))
        return Answer.json(w.bytes)
    }

    func clearBlocklist(_ p: FormParameters) async -> Response {
        let ids = Self.ids(p)
        guard !ids.isEmpty else { return Answer.text("0", status: .badRequest) }
        _ = await service.submit(.clearBlocklist(ids))
        return Answer.text("1")
    }

    /// `setlimit?name=N&max=M`: `1`, or `0` with a 400 for a missing name or a maximum
    /// that is not a non-negative integer (nothing changes).
    func setLimit(_ p: FormParameters) async -> Response {
        let name = (p["name"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(","), let max = p["max"].flatMap({ FarmText.integer($0) }), max >= 0 else {
            return Answer.text("0", status: .badRequest)
        }
        _ = await service.submit(.setLimit(name: name, max: max))
        return Answer.text("1")
    }

    /// `{"name":{"max":M,"used":U},…}`.
    func getLimits() async -> Response {
        let table = await service.read { farm, _ in farm.limitTable() }
        var w = JSONWriter()
        w.byte(UInt8(ascii: "{"))
        for (i, row) in table.enumerated() {
            if i > 0 { w.byte(44) }
            w.string(row.name)
            w.raw(":{\"max\":"); w.int(row.max)
            w.raw(",\"used\":"); w.int(row.used)
            w.byte(UInt8(ascii: "}"))
        }
        w.byte(UInt8(ascii: "}"))
        return Answer.json(w.bytes)
    }

    /// The v3 getjobs answer with the resource columns Cores, Memory, Gpus and WaitReason
    /// after the v3 ones, and one more key, `Rules`: per row, in the same order, the
    /// job's own MaxWorkerErrors, ForgiveTime (-1 = inherited), Limits, StallTimeout and
    /// the number of workers currently blocked from it.
    func getJobsWithRules(_ p: FormParameters) async -> Response {
        let id = p["id"].flatMap { FarmText.integer($0) } ?? 0
        let filter = p["filter"]
        let (rows, parents, blocked, reasons, now) = await service.read { farm, now in
            let r = farm.children(of: id, filter: filter)
            let blocked = r.jobs.map { farm.blockedWorkerCount(of: $0.id, now: now) }
            return (r.jobs, r.parents, blocked, farm.waitReasons(r.jobs.map(\.id)), now)
        }
        // The resource columns (docs/reservation.md) ride the same opt-in answer.
        var bytes = V3Tables.jobs(rows, parents: parents, now: now, extra: V3Tables.ExtraJobColumn.resources,
                                  waitReasons: reasons)
        bytes.removeLast()  // the closing brace
        var w = JSONWriter()
        w.raw(",\"Rules\":{\"Vars\":[\"MaxWorkerErrors\",\"ForgiveTime\",\"Limits\",\"StallTimeout\",\"Blocked\"],\"Jobs\":[")
        for (i, job) in rows.enumerated() {
            if i > 0 { w.byte(44) }
            w.byte(UInt8(ascii: "["))
            w.int(job.rules.maxWorkerErrors); w.byte(44)
            w.int(job.rules.forgiveTime); w.byte(44)
            w.string(job.rules.limits.joined(separator: ",")); w.byte(44)
            w.int(job.rules.stallTimeout); w.byte(44)
            w.int(blocked[i])
            w.byte(UInt8(ascii: "]"))
        }
        w.raw("]}}")
        bytes.append(contentsOf: w.bytes)
        return Answer.json(bytes)
    }
}

extension SchedulingRules {
    /// The addjob parameters `maxworkererrors`, `forgivetime`, `limits`, `stalltimeout`;
    /// nil when a number does not parse or is negative.
    init?(parameters p: FormParameters) {
        self.init()
        for (key, apply) in [("maxworkererrors", { (v: Int, r: inout SchedulingRules) in r.maxWorkerErrors = v }),
                             ("forgivetime", { (v: Int, r: inout SchedulingRules) in r.forgiveTime = v }),
                             ("stalltimeout", { (v: Int, r: inout SchedulingRules) in r.stallTimeout = v })] {
            guard let raw = p[key], !raw.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            guard let v = FarmText.integer(raw), v >= 0 else { return nil }
            apply(v, &self)
        }
        if let l = p["limits"] { limits = SchedulingRules.limitNames(l) }
    }
}
