import CoalitionCore
import CoalitionWire
import Hummingbird

/// `/json/jobprogress`: a process inside a job posts `id`, `token` (its
/// `COALITION_JOB_TOKEN`), `progress` (0 to 1) and an optional short `status`. Answers
/// `1`; a token that is not the one of the job's current run gets 403 and changes
/// nothing. An addition: no v3 endpoint changes (docs/job-progress.md).
struct JobProgressAPI: Sendable {
    let service: FarmService
    let tokens: JobTokens

    func report(_ p: FormParameters) async -> Response {
        guard let id = p["id"].flatMap({ FarmText.integer($0) }) else { return Self.refuse("id must be a job id") }
        guard let progress = p["progress"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
              progress.isFinite, (0...1).contains(progress) else {
            return Self.refuse("progress must be a number from 0 to 1")
        }
        let status = p["status"].map { String($0.prefix(Farm.maximumStatusLength)) }
        let token = p["token"] ?? ""
        guard let run = await service.read({ farm, _ in farm.currentRun(of: id) }),
              tokens.verify(token, job: id, activity: run) else { return Self.forbidden }
        // The farm checks the run again: it may have ended since the read.
        let result = await service.submit(.reportProgress(job: id, activity: run, progress: progress, status: status))
        return result == .accepted(true) ? Answer.text("1") : Self.forbidden
    }

    static let forbidden = Answer.text("error: not the token of this job's current run", status: .forbidden)

    static func refuse(_ reason: String) -> Response {
        Answer.text("error: " + reason, status: .badRequest)
    }
}
