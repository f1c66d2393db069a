@testable import CoalitionCore

/// Helpers to build farms tersely in tests.
extension Farm {
    @discardableResult
    mutating func add(_ title: String = "job", under parent: JobID = 0, command: String = "run",
                      priority: Int = 1000, retry: Int = 10, timeOut: Int = 0, affinity: String = "",
                      dependencies: [JobID] = [], now: Double = 0) -> JobID {
        var spec = NewJob()
        spec.title = title
        spec.command = command
        spec.priority = priority
        spec.retry = retry
        spec.timeOut = timeOut
        spec.affinity = affinity
        spec.dependencies = dependencies
        return try! addJob(spec, parent: parent, now: now)
    }

    mutating func pick(_ worker: String, now: Double = 1) -> JobID? {
        pickJob(WorkerReport(name: worker), now: now)?.id
    }

    /// Picks then ends with `code`.
    @discardableResult
    mutating func run(_ worker: String, code: Int = 0, now: Double = 1) -> JobID? {
        guard let id = pick(worker, now: now) else { return nil }
        endJob(WorkerReport(name: worker), jobID: id, exitCode: code, now: now + 1)
        return id
    }

    func stateOf(_ id: JobID) -> JobState? { state.jobs[id]?.state }
}
