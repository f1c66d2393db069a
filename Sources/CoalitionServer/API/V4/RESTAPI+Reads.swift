import CoalitionCore
import CoalitionWire
import Hummingbird

/// The distinct-value lists, `/api/jobs/<column>/`.
enum V4DistinctColumn: String {
    case users, states, workers, priorities, affinities

    var column: String {
        switch self {
        case .users: return "user"
        case .states: return "state"
        case .workers: return "worker"
        case .priorities: return "priority"
        case .affinities: return "affinity"
        }
    }
}

extension RESTAPI {
    func job(_ id: JobID) async throws(APIError) -> Response {
        let bytes: [UInt8]? = await service.read { farm, now in
            guard id != 0, let job = farm.job(id) else { return nil }
            let affinities = V4Affinities(farm: farm)
            let parent = V4Inherited.of(job.parent ?? 0, farm: farm, affinities: affinities)
            var w = JSONWriter(capacity: 1024)
            V4JobRow(job, parent: parent, farm: farm, affinities: affinities, now: now).write(into: &w, withDependencies: true)
            return w.bytes
        }
        guard let bytes else { throw .notFound("no job \(id)") }
        return Answer.json(bytes)
    }

    func children(of id: JobID) async throws(APIError) -> Response {
        let bytes: [UInt8]? = await service.read { farm, now in
            guard let group = farm.job(id) else { return nil }
            let affinities = V4Affinities(farm: farm)
            let inherited = V4Inherited.of(id, farm: farm, affinities: affinities)
            var rows: [V4JobRow] = []
            rows.reserveCapacity(group.children.count)
            for c in group.children {
                guard let child = farm.job(c) else { continue }
                rows.append(V4JobRow(child, parent: inherited, farm: farm, affinities: affinities, now: now))
            }
            return V4Tables.jobs(rows)
        }
        guard let bytes else { throw .notFound("no job \(id)") }
        return Answer.json(bytes)
    }

    func dependencies(of id: JobID) async throws(APIError) -> Response {
        let bytes: [UInt8]? = await service.read { farm, now in
            guard id != 0, let job = farm.job(id) else { return nil }
            let affinities = V4Affinities(farm: farm)
            var rows: [V4JobRow] = []
            for d in job.dependencies {
                guard let dep = farm.job(d) else { continue }
                let parent = V4Inherited.of(dep.parent ?? 0, farm: farm, affinities: affinities)
                rows.append(V4JobRow(dep, parent: parent, farm: farm, affinities: affinities, now: now))
            }
            return V4Tables.jobs(rows)
        }
        guard let bytes else { throw .notFound("no job \(id)") }
        return Answer.json(bytes)
    }

    func childrenDependencies(of id: JobID) async throws(APIError) -> Response {
        let bytes: [UInt8]? = await service.read { farm, _ in
            guard let group = farm.job(id) else { return nil }
            var w = JSONWriter(capacity: 256)
            w.byte(UInt8(ascii: "["))
            var first = true
            for c in group.children {
                guard let child = farm.job(c) else { continue }
                for d in child.dependencies {
                    if !first { w.byte(44) }
                    first = false
                    w.raw("{\"id\":"); w.int(c); w.raw(",\"dependency\":"); w.int(d); w.raw("}")
                }
            }
            w.byte(UInt8(ascii: "]"))
            return w.bytes
        }
        guard let bytes else { throw .notFound("no job \(id)") }
        return Answer.json(bytes)
    }

    func log(of id: JobID) async throws(APIError) -> Response {
        let exists = await service.read { farm, _ in id != 0 && farm.job(id) != nil }
        guard exists else { throw .notFound("no job \(id)") }
        var w = JSONWriter(capacity: 256)
        w.string(logs.read(id).map { String(decoding: $0, as: UTF8.self) } ?? "")
        return Answer.json(w.bytes)
    }

    func workers() async -> Response {
        let list = await service.read { farm, _ in farm.workerList() }
        return Answer.json(V4Tables.workers(list))
    }

    /// `job` (-1 all), `worker` ("" all), `howlong` (seconds back, -1 all) as v4 takes them.
    func events(_ q: FormParameters) async throws(APIError) -> Response {
        func number(_ name: String) throws(APIError) -> Int? {
            guard let raw = q[name], !raw.isEmpty else { return nil }
            guard let v = FarmText.integer(raw) else { throw .bad("\(name): expected an integer") }
            return v
        }
        let job = try number("job").flatMap { $0 <= 0 ? nil : $0 }
        let howlong = try number("howlong").flatMap { $0 < 0 ? nil : Double($0) }
        let worker = q["worker"].flatMap { $0.isEmpty ? nil : $0 }
        let (list, now) = await service.read { farm, now in
            (farm.activityList(job: job, worker: worker, within: howlong, now: now), now)
        }
        return Answer.json(V4Tables.events(list, now: now))
    }

    func affinities() async -> Response {
        let table = await service.read { farm, _ in V4Affinities(farm: farm) }
        return Answer.json(V4Tables.affinities(table))
    }

    func distinct(_ list: V4DistinctColumn) async -> Response {
        let bytes = await service.read { farm, now in
            var seen = Set<String>()
            var values: [WhereValue] = []
            let affinities = V4Affinities(farm: farm)
            V4Walk.rows(farm: farm, affinities: affinities, now: now) { row in
                let v = row.value(list.column)
                let key: String
                switch v {
                case .text(let s): key = "t" + s
                case .number(let n): key = "n\(n)"
                case .null: key = "z"
                }
                if seen.insert(key).inserted { values.append(v) }
            }
            if list == .users {
                values.sort { a, b in
                    if case .text(let x) = a, case .text(let y) = b { return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) }
                    return false
                }
            }
            return V4Tables.distinct(list.column, values)
        }
        return Answer.json(bytes)
    }
}
