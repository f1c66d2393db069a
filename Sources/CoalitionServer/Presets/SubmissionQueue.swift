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

extension FarmService {
    /// Creates a submission's jobs in one critical section: the parent group under
    /// `parentReference` (with the job options of `options`), then one child per planned
    /// chunk. Everything is checked before the first job is added, so a refusal adds
    /// nothing. Returns the parent's id.
    func queueSubmission(_ plan: SubmissionPlan, options: NewJob, parentReference: String,
                         login: String) async -> Result<JobID, QueueError> {
        await perform { farm, now in
            guard let parent = farm.resolveParent(parentReference) else { return .failure(.parentNotFound(parentReference)) }
            let whitelist = farm.settings.whitelist
            var group = options
            group.command = ""
            group.localProgressPattern = nil
            group.globalProgressPattern = nil
            for command in [group.command] + plan.children.map(\.command) where !whitelist.allows(user: login, command: command) {
                return .failure(.commandNotAllowed(command))
            }
            let parentID: JobID
            do { parentID = try farm.addJob(group, parent: parent, requester: login, now: now) } catch {
                return .failure(.parentNotFound(parentReference))
            }
            var chunk = options
            chunk.dependencies = []
            chunk.paused = false
            for job in plan.children {
                chunk.title = job.title
                chunk.command = job.command
                chunk.localProgressPattern = job.localProgress
                chunk.globalProgressPattern = job.globalProgress
                // Cannot fail: the parent exists and the white list was checked above.
                _ = try? farm.addJob(chunk, parent: parentID, requester: login, now: now)
            }
            return .success(parentID)
        }
    }
}
