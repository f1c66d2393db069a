import CoalitionCore
import CoalitionWire
import Hummingbird

/// The v3 worker protocol, `/workers/<name>` (reference 4): answers byte for byte what
/// the original worker.py parses.
struct WorkerAPI: Sendable {
    let service: FarmService
    /// Issues `COALITION_JOB_TOKEN` to workers that ask for it (`token=1` on pickjob).
    var tokens: JobTokens? = nil

    static func report(_ p: FormParameters, ip: String) -> WorkerReport {
        WorkerReport(name: p["hostname"] ?? "",
                     ip: ip,
                     load: p["load"].flatMap { LoadList.parse($0) },
                     freeMemory: (p["freeMemory"] ?? p["free_memory"]).flatMap { FarmText.integer($0) },
                     totalMemory: (p["totalMemory"] ?? p["total_memory"]).flatMap { FarmText.integer($0) },
                     resources: hostResources(p),
                     nimby: p["nimby"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The free and total resources of our worker's pickjob; nil unless `cores` and
    /// `maxCores` are counts (a missing memory or GPU figure counts as 0).
    static func hostResources(_ p: FormParameters) -> HostResources? {
        func count(_ key: String) -> Int? {
            p[key].flatMap { FarmText.integer($0) }.map { max(0, $0) }
        }
        guard let cores = count("cores"), let maxCores = count("maxCores") else { return nil }
        return HostResources(free: Resources(cores: cores, memory: count("memory") ?? 0, gpus: count("gpus") ?? 0),
                             capacity: Resources(cores: maxCores, memory: count("maxMemory") ?? 0,
                                                 gpus: count("maxGpus") ?? 0))
    }

    func handle(_ name: String, _ p: FormParameters, ip: String) async -> Response? {
        let report = Self.report(p, ip: ip)
        switch name {
        case "pickjob":
            let assignment = await service.submit(.pickJob(report, choice: nil)).assignment
            let answer: [UInt8]
            if let a = assignment {
                var environment = a.environment
                // Only for a worker that asks: the original worker.py does not, and its answer
                // stays byte for byte the v3 one.
                if let tokens, p["token"] == "1" {
                    let token = "COALITION_JOB_TOKEN=" + tokens.token(job: a.id, activity: a.activity)
                    environment = (environment ?? "").isEmpty ? token : environment! + "\\n" + token
                }
                answer = PythonLiteralWriter.pickJobAnswer(id: a.id, command: a.command, dir: a.dir,
                                                          user: a.user, environment: environment)
            } else {
                answer = PythonLiteralWriter.noJob
            }
            // Only a worker that reported its resources reads the sixth element.
            guard report.resources != nil else { return Answer.bytes(answer) }
            let reserved = assignment?.reserved.flatMap { $0.isZero ? nil : $0.reservationText } ?? ""
            return Answer.bytes(PythonLiteralWriter.withReservation(answer, reserved))
        case "heartbeat":
            let jobID = p["jobId"].flatMap { FarmText.integer($0) }
            let log = p["log"].flatMap { LenientBase64.decode(Array($0.utf8)) } ?? []
            let keep = await service.submit(.heartbeat(report, job: jobID, log: log, progress: nil)).keepsRunning
            return Answer.text(keep ? "true" : "false")
        case "endjob":
            let jobID = p["jobId"].flatMap { FarmText.integer($0) }
            let code = p["errorCode"].flatMap { FarmText.integer($0) }
            if let reason = p["requeue"] {
                _ = await service.submit(.requeueJob(report, job: jobID, reason: reason))
            } else {
                _ = await service.submit(.endJob(report, job: jobID, exitCode: code))
            }
            return Answer.text("1")
        default:
            return nil
        }
    }
}
