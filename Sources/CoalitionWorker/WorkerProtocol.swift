import CoalitionClient
import CoalitionWire
import Foundation

/// A job handed out by `/workers/pickjob`.
struct JobAssignment: Equatable, Sendable {
    var id: Int64
    var command: String
    var directory: String
    var user: String
    /// Overrides, `KEY=VALUE` pieces separated by a literal backslash + `n`; nil for none.
    var environment: String?
    /// What the job reserved, from the sixth element a reservation-aware server adds to its
    /// answer; nil from a v3 server (or an unreadable element): the job only takes its loop.
    var reservation: Reservation? = nil
}

/// An answer the worker cannot use.
struct ProtocolError: Error, CustomStringConvertible {
    var description: String
}

/// The wire format of the three worker calls (reference section 4), without any I/O.
enum WorkerProtocol {
    /// Reads a pickjob answer: the tuple `id, command, dir, user, env` as a Python literal.
    /// Nil means "no job" (a negative ID).
    static func parsePickAnswer(_ body: String) throws(ProtocolError) -> JobAssignment? {
        let values: [PythonLiteral]
        do {
            values = try PythonLiteralParser.parseTuple(body)
        } catch {
            throw ProtocolError(description: "unreadable pickjob answer (\(error)): \(preview(body))")
        }
        guard values.count == 5 || values.count == 6, let id = values[0].intValue else {
            throw ProtocolError(description: "pickjob answer is not (id, command, dir, user, env[, reservation]): \(preview(body))")
        }
        if id < 0 { return nil }
        func text(_ index: Int) throws(ProtocolError) -> String {
            switch values[index] {
            case .string: return values[index].text ?? ""
            case .none: return ""
            case .int(let value): return String(value)
            }
        }
        var environment = try text(4)
        if case .none = values[4] { environment = "" }
        // The original server sends the text 'None' for a job without environment.
        let overrides: String? = environment.isEmpty || environment == "None" ? nil : environment
        let reservation = values.count == 6 ? values[5].text.flatMap(Reservation.parse) : nil
        return JobAssignment(
            id: id, command: try text(1), directory: try text(2), user: try text(3), environment: overrides,
            reservation: reservation)
    }

    /// The extra pickjob fields that tell a reservation-aware server what the node has free
    /// (`cores`, `memory` in MiB, `gpus`) and in all (`maxCores`, `maxMemory`, `maxGpus`).
    /// A v3 server ignores them.
    static func resourceFields(free: ResourcePool) -> [(String, String)] {
        [("cores", String(free.freeCores.count)), ("memory", String(free.freeMemoryMB)),
         ("gpus", String(free.freeGPUs.count)), ("maxCores", String(free.capacity.cores.count)),
         ("maxMemory", String(free.capacity.memoryMB)), ("maxGpus", String(free.capacity.gpus.count))]
    }

    /// The form body of the NIMBY report: a heartbeat for no job (`jobId=-1`) with the reason.
    /// A v3 server marks the worker WAITING and answers `false`, which the worker ignores; a
    /// NIMBY-aware server shows the worker as NIMBY with the reason.
    static func nimbyReportBody(name: String, reason: String, sample: HostSample) -> Data {
        var body = heartbeatBody(name: name, jobID: -1, log: Data(), sample: sample)
        body.append(contentsOf: Array(("&" + FormClient.encode([("nimby", reason)])).utf8))
        return body
    }

    /// Form fields of a pickjob request; `token=1` asks for the job's COALITION_JOB_TOKEN.
    static func pickFields(name: String, sample: HostSample) -> [(String, String)] {
        [("hostname", name)] + sample.formFields + [("token", "1")]
    }

    /// Form fields of an endjob request.
    /// `requeue` (the NIMBY reason) asks a NIMBY-aware server to give the job back to the queue
    /// without counting an error; a v3 server ignores it and records the error code.
    static func endFields(name: String, jobID: Int64, errorCode: Int32, requeue: String? = nil) -> [(String, String)] {
        [("hostname", name), ("jobId", String(jobID)), ("errorCode", String(errorCode))]
            + (requeue.map { [("requeue", $0)] } ?? [])
    }

    /// The form body of a heartbeat. The log is base64 (standard alphabet, padded, one line);
    /// its three non-alphanumeric characters are percent-encoded directly, which keeps a
    /// megabyte-sized log cheap to encode. `logOffset` is where the log starts in the output
    /// of the job's run (every byte of it the worker sends, banner lines included): a server
    /// that knows the field drops what it already has, so a chunk sent again after a worker
    /// restart is not logged twice; a v3 server ignores it.
    static func heartbeatBody(name: String, jobID: Int64, log: Data, sample: HostSample, logOffset: UInt64? = nil) -> Data {
        var fields = [("hostname", name), ("jobId", String(jobID))]
        if let logOffset { fields.append(("logOffset", String(logOffset))) }
        var body = Data(FormClient.encode(fields).utf8)
        body.append(contentsOf: Array("&log=".utf8))
        let encoded = log.base64EncodedData()
        body.reserveCapacity(body.count + encoded.count + encoded.count / 8 + 128)
        for byte in encoded {
            switch byte {
            case UInt8(ascii: "+"): body.append(contentsOf: [0x25, 0x32, 0x42])  // %2B
            case UInt8(ascii: "/"): body.append(contentsOf: [0x25, 0x32, 0x46])  // %2F
            case UInt8(ascii: "="): body.append(contentsOf: [0x25, 0x33, 0x44])  // %3D
            default: body.append(byte)
            }
        }
        body.append(contentsOf: Array(("&" + FormClient.encode(sample.formFields)).utf8))
        return body
    }

    /// True when a heartbeat answer tells the worker to kill its job: exactly `false`.
    static func isKillAnswer(_ body: String) -> Bool {
        body == "false"
    }

    private static func preview(_ body: String) -> String {
        body.count > 200 ? String(body.prefix(200)) + "…" : body
    }
}
