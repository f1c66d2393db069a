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

    /// Where a heartbeat's `log` starts in the output of the job's run (docs/worker.md), from
    /// a worker that numbers its output; nil when absent or not a count (the chunk is then
    /// appended whole, as from the original worker).
    static func logOffset(_ p: FormParameters) -> Int? {
        p["logOffset"].flatMap { FarmText.integer($0) }.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// Answers one worker call through the router.
    func handle(_ name: String, _ p: FormParameters, ip: String) async -> Response? {
        await withCheckedContinuation { continuation in
            answer(name, p, ip: ip) { continuation.resume(returning: $0) }
        }?.response
    }

    /// Answers one worker call by calling `reply` once its change is durable (`nil` for an
    /// unknown call), without suspending: the direct lane calls it on an event loop.
    func answer(_ name: String, _ p: FormParameters, ip: String, reply: @escaping @Sendable (PlainAnswer?) -> Void) {
        let report = Self.report(p, ip: ip)
        switch name {
        case "pickjob":
            let tokens = p["token"] == "1" ? self.tokens : nil
            service.submit(.pickJob(report, choice: nil)) { result in
                reply(PlainAnswer(body: Self.pickAnswer(result.assignment, tokens: tokens,
                                                        withReservation: report.resources != nil)))
            }
        case "heartbeat":
            let jobID = p["jobId"].flatMap { FarmText.integer($0) }
            let log = p["log"].flatMap { LenientBase64.decode(Array($0.utf8)) } ?? []
            service.submit(.heartbeat(report, job: jobID, log: log, progress: nil, logOffset: Self.logOffset(p))) { result in
                reply(PlainAnswer(text: result.keepsRunning ? "true" : "false"))
            }
        case "endjob":
            let jobID = p["jobId"].flatMap { FarmText.integer($0) }
            let code = p["errorCode"].flatMap { FarmText.integer($0) }
            let change: FarmChange = p["requeue"].map { .requeueJob(report, job: jobID, reason: $0) }
                ?? .endJob(report, job: jobID, exitCode: code)
            service.submit(change) { _ in reply(PlainAnswer(text: "1")) }
        default:
            reply(nil)
        }
    }

    /// pickjob's answer: the v3 tuple, a job token in its environment only for a worker that
    /// asks (the original worker.py does not, and its answer stays byte for byte the v3
    /// one), and the sixth element (the reservation) only for a worker that reported its
    /// resources.
    static func pickAnswer(_ assignment: Assignment?, tokens: JobTokens?, withReservation: Bool) -> [UInt8] {
        let answer: [UInt8]
        if let a = assignment {
            var environment = a.environment
            if let tokens {
                let token = "COALITION_JOB_TOKEN=" + tokens.token(job: a.id, activity: a.activity)
                environment = (environment ?? "").isEmpty ? token : environment! + "\\n" + token
            }
            answer = PythonLiteralWriter.pickJobAnswer(id: a.id, command: a.command, dir: a.dir,
                                                      user: a.user, environment: environment)
        } else {
            answer = PythonLiteralWriter.noJob
        }
        guard withReservation else { return answer }
        let reserved = assignment?.reserved.flatMap { $0.isZero ? nil : $0.reservationText } ?? ""
        return PythonLiteralWriter.withReservation(answer, reserved)
    }
}

/// An answer as status, content type and bytes: what the router and the direct lane send.
struct PlainAnswer: Sendable {
    var status: HTTPResponse.Status = .ok
    var type = "text/plain; charset=utf-8"
    var body: [UInt8]

    init(status: HTTPResponse.Status = .ok, type: String = "text/plain; charset=utf-8", body: [UInt8]) {
        self.status = status
        self.type = type
        self.body = body
    }

    init(text: String, status: HTTPResponse.Status = .ok) {
        self.init(status: status, body: Array(text.utf8))
    }

    /// The same answer through the router.
    var response: Response { Answer.bytes(body, status: status, type: type) }
}
