import CoalitionCore
import CoalitionWire
import Hummingbird

/// The v3 worker protocol, `/workers/<name>` (reference 4): answers byte for byte what
/// the original worker.py parses.
struct WorkerAPI: Sendable {
    let service: FarmService

    static func report(_ p: FormParameters, ip: String) -> WorkerReport {
        WorkerReport(name: p["hostname"] ?? "",
                     ip: ip,
                     load: p["load"].flatMap { LoadList.parse($0) },
                     freeMemory: (p["freeMemory"] ?? p["free_memory"]).flatMap { FarmText.integer($0) },
                     totalMemory: (p["totalMemory"] ?? p["total_memory"]).flatMap { FarmText.integer($0) })
    }

    func handle(_ name: String, _ p: FormParameters, ip: String) async -> Response? {
        let report = Self.report(p, ip: ip)
        switch name {
        case "pickjob":
            let assignment = await service.submit(.pickJob(report, choice: nil)).assignment
            guard let a = assignment else { return Answer.bytes(PythonLiteralWriter.noJob) }
            return Answer.bytes(PythonLiteralWriter.pickJobAnswer(id: a.id, command: a.command, dir: a.dir,
                                                                  user: a.user, environment: a.environment))
        case "heartbeat":
            let jobID = p["jobId"].flatMap { FarmText.integer($0) }
            let log = p["log"].flatMap { LenientBase64.decode(Array($0.utf8)) } ?? []
            let keep = await service.submit(.heartbeat(report, job: jobID, log: log, progress: nil)).keepsRunning
            return Answer.text(keep ? "true" : "false")
        case "endjob":
            let jobID = p["jobId"].flatMap { FarmText.integer($0) }
            let code = p["errorCode"].flatMap { FarmText.integer($0) }
            _ = await service.submit(.endJob(report, job: jobID, exitCode: code))
            return Answer.text("1")
        default:
            return nil
        }
    }
}
