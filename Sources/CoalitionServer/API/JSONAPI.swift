import CoalitionCore
import CoalitionWire
import Foundation
import Hummingbird

/// The v3 user API, `/json/<name>` (reference 5): one entry per endpoint, each a
/// decode of the parameters, one farm operation and an encode of the answer.
struct JSONAPI: Sendable {
    let service: FarmService
    let logs: LogStore

    typealias Endpoint = @Sendable (JSONAPI, FormParameters, RequestOrigin) async -> Response

    /// Endpoint name → handler. The third argument says who asked (login, path, peer).
    static let endpoints: [String: Endpoint] = v3Endpoints.merging(schedulingEndpoints) { v3, _ in v3 }

    /// The endpoints of the reference.
    static let v3Endpoints: [String: Endpoint] = [
        "addjob": { api, p, origin in await api.addJob(p, origin: origin) },
        // `extra=1` adds the scheduling rules (docs/scheduling.md); `extra=NAME` adds columns (docs/webui.md).
        "getjobs": { api, p, _ in p.all("extra") == ["1"] ? await api.getJobsWithRules(p) : await api.getJobs(p) },
        "getlog": { api, p, _ in await api.getLog(p) },
        "getworkers": { api, p, _ in await api.getWorkers(p) },
        "getactivities": { api, p, _ in await api.getActivities(p) },
        "clearjobs": { api, p, _ in await api.jobAction(p, FarmChange.removeJobs) },
        "resetjobs": { api, p, _ in await api.jobAction(p, FarmChange.resetJobs) },
        "reseterrorjobs": { api, p, _ in await api.jobAction(p, FarmChange.resetErrorJobs) },
        "startjobs": { api, p, _ in await api.jobAction(p, FarmChange.startJobs) },
        "pausejobs": { api, p, _ in await api.jobAction(p, FarmChange.pauseJobs) },
        "movejobs": { api, p, _ in await api.moveJobs(p) },
        "updatejobs": { api, p, _ in await api.updateJobs(p) },
        "clearworkers": { api, p, _ in await api.workerAction(p, FarmChange.removeWorkers) },
        "stopworkers": { api, p, _ in await api.workerAction(p, FarmChange.stopWorkers) },
        "startworkers": { api, p, _ in await api.workerAction(p, FarmChange.startWorkers) },
        "updateworkers": { api, p, _ in await api.updateWorkers(p) },
    ]

    // MARK: parameters

    static func ids(_ p: FormParameters) -> [JobID] {
        p.all("id").compactMap { FarmText.integer($0) }
    }

    // MARK: endpoints

    /// addjob answers -1 where the original does; the reason is always in the event log.
    func addJob(_ p: FormParameters, origin: RequestOrigin) async -> Response {
        await withCheckedContinuation { continuation in
            addJob(p, origin: origin) { continuation.resume(returning: $0) }
        }.response
    }

    /// addjob without suspending: `reply` is called once the job is durable (the worker
    /// lane calls it on an event loop).
    func addJob(_ p: FormParameters, origin: RequestOrigin, reply: @escaping @Sendable (PlainAnswer) -> Void) {
        guard let spec = NewJob(parameters: p, login: origin.login) else {
            let (key, value) = NewJob.malformedNumber(in: p) ?? ("", "")
            service.events.requestRefused("bad-parameter", path: origin.path, peer: origin.peer,
                                          ["param": key, "value": value])
            reply(PlainAnswer(text: "-1"))
            return
        }
        let reference = p["parent"] ?? "0"
        let events = service.events
        service.submit(.addJob(spec, parent: .reference(reference), requester: origin.login, id: nil)) { result in
            events.addJobRefused(result, spec: spec, parent: reference, origin: origin)
            reply(PlainAnswer(text: String(result.addedID)))
        }
    }

    func getJobs(_ p: FormParameters) async -> Response {
        let id = p["id"].flatMap { FarmText.integer($0) } ?? 0
        let filter = p["filter"]
        var extra: [V3Tables.ExtraJobColumn] = []
        for name in p.all("extra") {
            // `Resources` names the four reservation columns at once (docs/reservation.md),
            // `Rules` the five scheduling-rule columns (docs/scheduling.md).
            if let group = Self.extraColumnGroups[name] {
                for column in group where !extra.contains(column) { extra.append(column) }
                continue
            }
            guard let column = V3Tables.ExtraJobColumn(rawValue: name) else {
                let known = (V3Tables.ExtraJobColumn.allCases.map(\.rawValue) + Self.extraColumnGroups.keys.sorted())
                    .joined(separator: ", ")
                return Answer.text("getjobs: unknown extra column '\(name)' (known: \(known))", status: .badRequest)
            }
            if !extra.contains(column) { extra.append(column) }
        }
        let wantsReasons = extra.contains(.waitReason)
        let wantsBlocked = extra.contains(.blocked)
        let (rows, parents, reasons, blocked, now) = await service.read { farm, now in
            let r = farm.children(of: id, filter: filter)
            return (r.jobs, r.parents, wantsReasons ? farm.waitReasons(r.jobs.map(\.id)) : [],
                    wantsBlocked ? r.jobs.map { farm.blockedWorkerCount(of: $0.id, now: now) } : [], now)
        }
        // `status=1` (docs/job-progress.md) is the Status column, like `extra=Status`.
        if (p["status"].flatMap { FarmText.integer($0) } ?? 0) != 0 && !extra.contains(.status) { extra.append(.status) }
        return Answer.json(V3Tables.jobs(rows, parents: parents, now: now, extra: extra, waitReasons: reasons,
                                         blocked: blocked))
    }

    /// Names of several `getjobs` extra columns at once.
    static let extraColumnGroups: [String: [V3Tables.ExtraJobColumn]] = [
        "Resources": V3Tables.ExtraJobColumn.resources,
        "Rules": V3Tables.ExtraJobColumn.rules,
    ]

    func getLog(_ p: FormParameters) async -> Response {
        if p.has("offset") { return getLogPart(p) }
        let id = p["id"].map { FarmText.integer($0) } ?? 0
        guard let id, let bytes = logs.read(id) else {
            return Answer.json(V3Tables.stringLiteral(""))
        }
        return Answer.json(V3Tables.stringLiteral(String(decoding: bytes, as: UTF8.self)))
    }

    /// Largest part of a log one `getlog?offset=` answer carries; a follower asks again
    /// at once while answers come back non-empty.
    static let logPartLimit = 4 << 20

    /// `getlog` with `offset` (an extension of v3): `{"log":TEXT,"offset":START,"end":END}`.
    func getLogPart(_ p: FormParameters) -> Response {
        guard let rawOffset = p["offset"], let offset = Int(rawOffset.trimmingCharacters(in: .whitespaces)), offset >= 0 else {
            return Answer.text("getlog: offset must be a byte offset, a whole number from 0", status: .badRequest)
        }
        guard let id = FarmText.integer(p["id"] ?? "0") else {
            return Answer.text("getlog: id must be a job id", status: .badRequest)
        }
        let part = logs.read(id, from: offset, limit: Self.logPartLimit)
        var w = JSONWriter(capacity: part.bytes.count + 64)
        w.raw("{\"log\":")
        w.string(String(decoding: part.bytes, as: UTF8.self))
        w.raw(",\"offset\":")
        w.int(part.start)
        w.raw(",\"end\":")
        w.int(part.end)
        w.byte(UInt8(ascii: "}"))
        return Answer.json(w.bytes)
    }

    /// `extra=1` asks for the columns added after v3 (v3 clients never send it).
    static func wantsExtra(_ p: FormParameters) -> Bool {
        p["extra"].flatMap { FarmText.integer($0) }.map { $0 != 0 } ?? false
    }

    func getWorkers(_ p: FormParameters) async -> Response {
        let (workers, now) = await service.read { farm, now in (farm.workerList(), now) }
        return Answer.json(V3Tables.workers(workers, now: now, extra: Self.wantsExtra(p)))
    }

    func getActivities(_ p: FormParameters) async -> Response {
        let job = p["job"].flatMap { FarmText.integer($0) }.flatMap { $0 == -1 ? nil : $0 }
        let worker = p["worker"]
        let howlong = p["howlong"].flatMap { FarmText.integer($0) }.flatMap { $0 == -1 ? nil : Double($0) }
        let (list, now) = await service.read { farm, now in
            (farm.activityList(job: job, worker: worker, within: howlong, now: now), now)
        }
        return Answer.json(V3Tables.activities(list, now: now))
    }

    func jobAction(_ p: FormParameters, _ change: @Sendable ([JobID]) -> FarmChange) async -> Response {
        let ids = Self.ids(p)
        if !ids.isEmpty { _ = await service.submit(change(ids)) }
        return Answer.text("1")
    }

    func workerAction(_ p: FormParameters, _ change: @Sendable ([String]) -> FarmChange) async -> Response {
        let names = p.all("id")
        if !names.isEmpty { _ = await service.submit(change(names)) }
        return Answer.text("1")
    }

    func moveJobs(_ p: FormParameters) async -> Response {
        let ids = Self.ids(p)
        guard let dest = FarmText.integer(p["dest"] ?? "0") else { return Answer.text("1") }
        if !ids.isEmpty { _ = await service.submit(.moveJobs(ids, to: dest)) }
        return Answer.text("1")
    }

    func updateJobs(_ p: FormParameters) async -> Response {
        let props = p.all("prop")
        let values = p.all("value")
        guard !props.isEmpty, props.count == values.count else { return Answer.text("0") }
        let ids = Self.ids(p)
        if !ids.isEmpty { _ = await service.submit(.updateJobs(ids, zip(props, values).map(JobProperty.init))) }
        return Answer.text("1")
    }

    func updateWorkers(_ p: FormParameters) async -> Response {
        let props = p.all("prop")
        let values = p.all("value")
        guard !props.isEmpty, props.count == values.count else { return Answer.text("0") }
        let names = p.all("id")
        if !names.isEmpty { _ = await service.submit(.updateWorkers(names, zip(props, values).map(JobProperty.init))) }
        return Answer.text("1")
    }
}

extension NewJob {
    /// The numeric addjob parameters.
    static let numericKeys = ["priority", "retry", "timeout"]

    /// The first numeric parameter present that does not parse, with its value.
    static func malformedNumber(in p: FormParameters) -> (String, String)? {
        for key in numericKeys {
            guard let raw = p[key], !raw.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            if FarmText.integer(raw) == nil { return (key, raw) }
        }
        return nil
    }

    /// The addjob parameters (reference 5.1); nil when a number does not parse.
    init?(parameters p: FormParameters, login: String) {
        self.init()
        if let t = p["title"] { title = t }
        if let c = p["cmd"] ?? p["command"] { command = c }
        if let d = p["dir"] { dir = d }
        if let e = p["env"], !e.isEmpty { environment = e }
        for (key, apply) in [("priority", { (v: Int, s: inout NewJob) in s.priority = v }),
                             ("retry", { (v: Int, s: inout NewJob) in s.retry = v }),
                             ("timeout", { (v: Int, s: inout NewJob) in s.timeOut = v })] {
            guard let raw = p[key], !raw.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            guard let v = FarmText.integer(raw) else { return nil }
            apply(v, &self)
        }
        if let a = p["affinity"] { affinity = a }
        if let d = p["dependencies"] { dependencies = FarmText.digitRuns(d) }
        if p.has("localprogress") { localProgressPattern = p["localprogress"] }
        if p.has("globalprogress") { globalProgressPattern = p["globalprogress"] }
        for (key, apply) in [("cores", { (v: Int?, s: inout NewJob) in s.request.cores = v }),
                             ("memory", { (v: Int?, s: inout NewJob) in s.request.memory = v }),
                             ("gpus", { (v: Int?, s: inout NewJob) in s.request.gpus = v })] {
            guard let raw = p[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty, raw != "None" else { continue }
            guard let v = FarmText.integer(raw), v >= 0 else { return nil }
            apply(v, &self)
        }
        if let u = p["url"] { url = u }
        if let u = p["user"] { user = u }
        if !login.isEmpty { user = login }
        guard let rules = SchedulingRules(parameters: p) else { return nil }
        self.rules = rules
        let state = p["state"]?.uppercased()
        let pausedFlag = p["paused"].flatMap { FarmText.integer($0) } ?? 0
        paused = state == "PAUSED" || pausedFlag != 0
    }
}
