import CoalitionCore
import CoalitionWire

/// Translates v4 job columns (a `PUT /api/jobs` body, a `POST /api/jobs` edit) into this
/// farm's job attributes and changes, refusing wrong types, unknown columns, unknown ids
/// and unknown `#N` affinities before anything is submitted.
enum V4JobFields {
    /// Columns `PUT /api/jobs` reads (others are refused).
    static let addable: Set<String> = ["parent", "title", "command", "dir", "environment", "state", "paused", "retry",
                                       "timeout", "priority", "affinity", "user", "url", "progress_pattern", "dependencies"]

    static func newJob(_ f: [String: JSONValue], farm: borrowing Farm) throws(APIError) -> (NewJob, JobID) {
        if let unknown = f.keys.sorted().first(where: { !addable.contains($0) }) {
            throw .bad("unknown job column '\(unknown)'")
        }
        var spec = NewJob()
        spec.title = ""
        spec.dir = ""
        spec.priority = 1000
        spec.timeOut = 1000
        let parent = try integer(f["parent"], "parent") ?? 0
        guard farm.job(parent) != nil else { throw .notFound("no job \(parent)") }
        if let v = try text(f["title"], "title") { spec.title = v }
        if let v = try text(f["command"], "command") { spec.command = v }
        if let v = try text(f["dir"], "dir") { spec.dir = v }
        if let v = try text(f["environment"], "environment"), !v.isEmpty { spec.environment = v }
        if let v = try integer(f["priority"], "priority") { spec.priority = v }
        if let v = try integer(f["retry"], "retry") { spec.retry = v }
        if let v = try integer(f["timeout"], "timeout") { spec.timeOut = v }
        if let v = try text(f["affinity"], "affinity") { spec.affinity = try words(v, farm: farm) }
        if let v = try text(f["user"], "user") { spec.user = v }
        if let v = try text(f["url"], "url") { spec.url = v }
        if let v = try text(f["progress_pattern"], "progress_pattern") { spec.localProgressPattern = v }
        if let v = f["dependencies"] { spec.dependencies = try dependencies(v, farm: farm) }
        let state = try text(f["state"], "state") ?? "WAITING"
        guard state == "WAITING" || state == "PAUSED" else { throw .bad("state: a new job is WAITING or PAUSED") }
        var paused = state == "PAUSED"
        if let v = f["paused"] {
            guard let flag = v.flag else { throw .bad("paused: expected 0 or 1") }
            paused = paused || flag
        }
        spec.paused = paused
        return (spec, parent)
    }

    /// The changes of a `POST /api/jobs` body, in id order; per job: properties, then
    /// the move, then pause or start.
    static func changes(_ edits: [String: JSONValue], farm: borrowing Farm) throws(APIError) -> [FarmChange] {
        var out: [FarmChange] = []
        var ordered: [(JobID, JSONValue)] = []
        for (key, value) in edits {
            guard let id = FarmText.integer(key) else { throw .bad("'\(key)' is not a job id") }
            ordered.append((id, value))
        }
        ordered.sort { $0.0 < $1.0 }
        for (id, value) in ordered {
            guard id != 0, farm.job(id) != nil else { throw .notFound("no job \(id)") }
            guard case .object(let attrs) = value else { throw .bad("job \(id): expected an object") }
            var props: [JobProperty] = []
            var move: JobID?
            var pause: Bool?
            for (key, v) in attrs.sorted(by: { $0.key < $1.key }) {
                switch key {
                case "title": props.append(JobProperty("Title", try required(text(v, key), key)))
                case "command": props.append(JobProperty("Command", try required(text(v, key), key)))
                case "dir": props.append(JobProperty("Dir", try required(text(v, key), key)))
                case "url": props.append(JobProperty("URL", try required(text(v, key), key)))
                case "user": props.append(JobProperty("User", try required(text(v, key), key)))
                case "environment": props.append(JobProperty("Environment", try required(text(v, key), key)))
                case "progress_pattern": props.append(JobProperty("LocalProgressPattern", try required(text(v, key), key)))
                case "priority": props.append(JobProperty("Priority", String(try required(integer(v, key), key))))
                case "retry": props.append(JobProperty("Retry", String(try required(integer(v, key), key))))
                case "timeout": props.append(JobProperty("TimeOut", String(try required(integer(v, key), key))))
                case "affinity": props.append(JobProperty("Affinity", try words(try required(text(v, key), key), farm: farm)))
                case "dependencies":
                    let deps = try dependencies(v, farm: farm)
                    props.append(JobProperty("Dependencies", deps.map(String.init).joined(separator: ",")))
                case "parent":
                    let p = try required(integer(v, key), key)
                    guard farm.job(p) != nil else { throw .notFound("no job \(p)") }
                    move = p
                case "paused":
                    guard let flag = v.flag else { throw .bad("paused: expected 0 or 1") }
                    pause = flag
                case "state":
                    switch v.string {
                    case "PAUSED"?: pause = true
                    case "WAITING"?: pause = false
                    default: throw .bad("state: only PAUSED and WAITING can be set")
                    }
                default:
                    throw .bad("job column '\(key)' cannot be edited")
                }
            }
            if !props.isEmpty { out.append(.updateJobs([id], props)) }
            if let move { out.append(.moveJobs([id], to: move)) }
            if let pause { out.append(pause ? .pauseJobs([id]) : .startJobs([id])) }
        }
        return out
    }

    // MARK: typed reads

    static func required<T>(_ v: T?, _ name: String) throws(APIError) -> T {
        guard let v else { throw .bad("\(name): missing value") }
        return v
    }

    static func text(_ v: JSONValue?, _ name: String) throws(APIError) -> String? {
        guard let v, v != .null else { return nil }
        guard let s = v.string else { throw .bad("\(name): expected a string") }
        return s
    }

    static func integer(_ v: JSONValue?, _ name: String) throws(APIError) -> Int? {
        guard let v, v != .null else { return nil }
        guard let i = v.integer else { throw .bad("\(name): expected an integer") }
        return i
    }

    /// A v4 affinity list in our words; `#N` must name a numbered word.
    static func words(_ text: String, farm: borrowing Farm) throws(APIError) -> String {
        switch V4Affinities(farm: farm).words(fromV4: text) {
        case .success(let w): return w
        case .failure(let e): throw .bad("unknown affinity '\(e.text)'")
        }
    }

    /// A list of existing job ids, or a string holding them (v4 accepts both).
    static func dependencies(_ v: JSONValue, farm: borrowing Farm) throws(APIError) -> [JobID] {
        let ids: [JobID]
        switch v {
        case .string(let s): ids = FarmText.digitRuns(s)
        case .array(let a):
            var list: [JobID] = []
            for item in a {
                guard let id = item.integer else { throw .bad("dependencies: expected a list of job ids") }
                list.append(id)
            }
            ids = list
        case .null: ids = []
        default: throw .bad("dependencies: expected a list of job ids")
        }
        for id in ids where id == 0 || farm.job(id) == nil { throw .notFound("no job \(id)") }
        return ids
    }
}
