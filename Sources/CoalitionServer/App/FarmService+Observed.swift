import CoalitionCore

/// Who sent a request, for the event log.
struct RequestOrigin: Sendable {
    /// The HTTP Basic login ("" without authentication).
    var login = ""
    var path = ""
    var peer = ""
}

/// Farm changes whose events are known where they are asked for: each is one small
/// function, one critical section, with the event lines written after it. These are the
/// mutations to carry onto the operation door at merge.
extension FarmService {
    /// addjob: resolves the parent reference and adds; the id, or -1 with the reason in the
    /// event log (unknown parent, command refused by the white list).
    func addJob(_ spec: NewJob, parent reference: String, origin: RequestOrigin) async -> Int {
        let login = origin.login
        let outcome: Result<(JobID, JobID), AddJobRefusal> = await perform { farm, now in
            guard let parent = farm.resolveParent(reference) else { return .failure(.unknownParent) }
            do throws(AddJobError) {
                return .success((try farm.addJob(spec, parent: parent, requester: login, now: now), parent))
            } catch {
                return .failure(error == .parentNotFound ? .unknownParent : .whitelist)
            }
        }
        switch outcome {
        case .success(let (id, parent)):
            events.jobAdded(id: id, title: spec.title, user: spec.user, parent: parent)
            return id
        case .failure(.unknownParent):
            events.requestRefused("unknown-parent", path: origin.path, peer: origin.peer, ["parent": reference])
            return -1
        case .failure(.whitelist):
            events.requestRefused("whitelist", path: origin.path, peer: origin.peer,
                                  ["user": login.isEmpty ? spec.user : login, "command": spec.command])
            return -1
        }
    }

    enum AddJobRefusal: Error { case unknownParent, whitelist }

    /// clearjobs: removes each job with its subtree; one `job.removed` line per job named.
    func removeJobs(_ ids: [JobID]) async {
        let removed: [(JobID, String, Int)] = await perform { farm, now in
            let named = ids.compactMap { id in
                farm.job(id).map { (id, $0.title, max(1, $0.tally.total)) }
            }
            farm.remove(ids, now: now)
            return named.filter { farm.job($0.0) == nil }
        }
        for (id, title, count) in removed { events.jobRemoved(id: id, title: title, jobs: count) }
    }

    /// stopworkers: no new jobs for these workers; their running jobs go back to WAITING.
    func stopWorkers(_ names: [String]) async {
        let known: [String] = await perform { farm, now in
            let known = names.filter { farm.worker($0) != nil }
            farm.stopWorkers(names, now: now)
            return known
        }
        for name in known { events.workerStopped(name: name) }
    }

    /// clearworkers: forgets these workers.
    func removeWorkers(_ names: [String]) async {
        let known: [String] = await perform { farm, _ in
            let known = names.filter { farm.worker($0) != nil }
            farm.removeWorkers(names)
            return known
        }
        for name in known { events.workerCleared(name: name) }
    }

    /// XML-RPC clearworkers: forgets every worker.
    func removeAllWorkers() async {
        let names: [String] = await perform { farm, _ in
            let names = farm.workerList().map(\.name)
            farm.removeWorkers(names)
            return names
        }
        for name in names { events.workerCleared(name: name) }
    }
}
