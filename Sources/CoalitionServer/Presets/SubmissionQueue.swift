import CoalitionCore
import CoalitionPresets

/// Why a validated plan could not be queued.
enum QueueError: Error, Equatable, CustomStringConvertible {
    case parentNotFound(String)
    case commandNotAllowed(String)

    var description: String {
        switch self {
        case .parentNotFound(let reference): return "parent job '\(reference)' not found"
        case .commandNotAllowed(let command): return "command not allowed by the white list: \(command)"
        }
    }
}

extension SubmissionPlan {
    /// The group and chunk jobs of this plan: the group takes the job options of
    /// `options` without a command or progress patterns; every chunk takes the options
    /// with its own title, command and patterns, unpaused and without dependencies (the
    /// group carries those).
    func jobs(options: NewJob) -> (group: NewJob, children: [NewJob]) {
        var group = options
        group.command = ""
        group.localProgressPattern = nil
        group.globalProgressPattern = nil
        var chunk = options
        chunk.dependencies = []
        chunk.paused = false
        let jobs = children.map { job in
            chunk.title = job.title
            chunk.command = job.command
            chunk.localProgressPattern = job.localProgress
            chunk.globalProgressPattern = job.globalProgress
            return chunk
        }
        return (group, jobs)
    }
}

extension FarmService {
    /// Creates a submission's jobs as one change (`addJobTree`): the parent group under
    /// `parentReference`, then one child per planned chunk, all or nothing. Returns the
    /// group's id.
    func queueSubmission(_ plan: SubmissionPlan, options: NewJob, parentReference: String,
                         login: String) async -> Result<JobID, QueueError> {
        let (group, children) = plan.jobs(options: options)
        let change = FarmChange.addJobTree(group, children: children, parent: .reference(parentReference),
                                           requester: login, id: nil)
        switch await submit(change) {
        case .added(.success(let id)): return .success(id)
        case .added(.failure(.commandNotAllowed)):
            // Name the first refused command, for the one-line error.
            let refused = await read { farm, _ in
                children.first { !farm.settings.whitelist.allows(user: login, command: $0.command) }?.command
            }
            return .failure(.commandNotAllowed(refused ?? ""))
        default: return .failure(.parentNotFound(parentReference))
        }
    }
}
