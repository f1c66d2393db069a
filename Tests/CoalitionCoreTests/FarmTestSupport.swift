@testable import CoalitionCore

/// Helpers to build farms tersely in tests. Every change goes through the farm's door, as
/// the server submits it: the timeout pass first when a deadline passed, then the change.
extension Farm {
    @discardableResult
    mutating func submit(_ change: FarmChange, now: Double) -> OperationResult {
        if timeoutPassDue(at: now) { _ = apply(FarmOperation(time: now, change: .timeoutPass)) }
        return apply(FarmOperation(time: now, change: change)).result
    }

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
        return submit(.addJob(spec, parent: .id(parent), requester: "", id: nil), now: now).addedID
    }

    mutating func pick(_ worker: String, now: Double = 1) -> JobID? {
        submit(.pickJob(WorkerReport(name: worker), choice: nil), now: now).assignment?.id
    }

    /// Picks then ends with `code`.
    @discardableResult
    mutating func run(_ worker: String, code: Int = 0, now: Double = 1) -> JobID? {
        guard let id = pick(worker, now: now) else { return nil }
        submit(.endJob(WorkerReport(name: worker), job: id, exitCode: code), now: now + 1)
        return id
    }

    func stateOf(_ id: JobID) -> JobState? { state.jobs[id]?.state }
}
