import CoalitionCore
import CoalitionWire
import Hummingbird

extension RESTAPI {
    /// A list of job ids that all exist (v4 applies `int()` to each).
    func existingJobs(_ body: APIBody, _ what: String) async throws(APIError) -> [JobID] {
        var ids: [JobID] = []
        for v in try body.array(what) {
            guard let id = v.integer else { throw .bad("\(what): expected a list of job ids") }
            ids.append(id)
        }
        let missing = await service.read { farm, _ -> JobID? in
            for id in ids where id == 0 || farm.job(id) == nil { return id }
            return nil
        }
        if let missing { throw .notFound("no job \(missing)") }
        return ids
    }

    /// A list of worker names that all exist.
    func existingWorkers(_ body: APIBody, _ what: String) async throws(APIError) -> [String] {
        var names: [String] = []
        for v in try body.array(what) {
            guard let name = v.string else { throw .bad("\(what): expected a list of worker names") }
            names.append(name)
        }
        if let missing = await missingWorker(names) { throw .notFound("no worker '\(missing)'") }
        return names
    }

    func missingWorker(_ names: [String]) async -> String? {
        await service.read { farm, _ -> String? in
            for name in names where farm.worker(name) == nil { return name }
            return nil
        }
    }

    func jobAction(_ body: APIBody, _ change: @Sendable ([JobID]) -> FarmChange) async throws(APIError) -> Response {
        let ids = try await existingJobs(body, "job ids")
        if !ids.isEmpty { _ = await service.submit(change(ids)) }
        return Self.ok()
    }

    func workerAction(_ body: APIBody, _ change: @Sendable ([String]) -> FarmChange) async throws(APIError) -> Response {
        let names = try await existingWorkers(body, "worker names")
        if !names.isEmpty { _ = await service.submit(change(names)) }
        return Self.ok()
    }

    func removeJobs(_ body: APIBody) async throws(APIError) -> Response {
        try await jobAction(body, FarmChange.removeJobs)
    }

    /// `PUT /api/jobs`: adds a job, answers its id (`false` when the command is refused).
    func addJob(_ body: APIBody, login: String) async throws(APIError) -> Response {
        let fields = try body.object("job")
        let translated = await service.read { farm, _ -> Result<(NewJob, JobID), APIError> in
            do throws(APIError) { return .success(try V4JobFields.newJob(fields, farm: farm)) } catch { return .failure(error) }
        }
        var (spec, parent) = try translated.get()
        if !login.isEmpty { spec.user = login }
        let result = await service.submit(.addJob(spec, parent: .id(parent), requester: login, id: nil))
        switch result {
        case .added(.success(let id)): return Answer.json(Array(String(id).utf8))
        case .added(.failure(.parentNotFound)): throw .notFound("no job \(parent)")
        default: return Answer.json(Array("false".utf8))
        }
    }

    /// `POST /api/jobs`: `{"<id>": {"<column>": value, …}, …}`.
    func editJobs(_ body: APIBody) async throws(APIError) -> Response {
        let edits = try body.object("job edits")
        let translated = await service.read { farm, _ -> Result<[FarmChange], APIError> in
            do throws(APIError) { return .success(try V4JobFields.changes(edits, farm: farm)) } catch { return .failure(error) }
        }
        for change in try translated.get() { _ = await service.submit(change) }
        return Self.ok()
    }

    /// `POST /api/jobs/<id>/dependencies`: the job's new dependency list.
    func setDependencies(_ id: JobID, _ body: APIBody) async throws(APIError) -> Response {
        guard let value = body.value else { throw .bad("dependencies: expected a list of job ids") }
        let translated = await service.read { farm, _ -> Result<[FarmChange], APIError> in
            guard id != 0, farm.job(id) != nil else { return .failure(.notFound("no job \(id)")) }
            do throws(APIError) {
                return .success(try V4JobFields.changes(["\(id)": .object(["dependencies": value])], farm: farm))
            } catch {
                return .failure(error)
            }
        }
        for change in try translated.get() { _ = await service.submit(change) }
        return Self.ok()
    }

    /// `POST /api/workers`: `{"<name>": {"affinity": "…"}}` (the one worker column v4's
    /// page edits; others are refused).
    func editWorkers(_ body: APIBody) async throws(APIError) -> Response {
        let edits = try body.object("worker edits")
        let table = await service.read { farm, _ in V4Affinities(farm: farm) }
        var changes: [FarmChange] = []
        for (name, attributes) in edits.sorted(by: { $0.key < $1.key }) {
            guard case .object(let attrs) = attributes else { throw .bad("worker '\(name)': expected an object") }
            for (key, value) in attrs {
                guard key == "affinity" else { throw .bad("worker column '\(key)' cannot be edited") }
                guard let text = value.string else { throw .bad("affinity: expected a string") }
                switch table.words(fromV4: text.replacingOccurrences(of: "\n", with: ",")) {
                case .success(let words): changes.append(.updateWorkers([name], [JobProperty("Affinity", words)]))
                case .failure(let e): throw .bad("unknown affinity '\(e.text)'")
                }
            }
        }
        let names = edits.keys.sorted()
        if let missing = await missingWorker(names) { throw .notFound("no worker '\(missing)'") }
        for change in changes { _ = await service.submit(change) }
        return Self.ok()
    }
}
