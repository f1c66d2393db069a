import Testing
import CoalitionWire

/// Throughput figures, printed only: run with `XMLRPC_BENCH=1` (best with
/// `-c release`). Never a timed assertion, only sanity checks on the results.
@Suite("XML-RPC throughput")
struct XMLRPCBenchmarkTests {
    /// A job struct shaped like a v2 `getjobs` entry (25 members).
    static func job(_ id: Int64) -> XMLRPCValue {
        .struct([
            "ID": .int(id), "Parent": 1, "Children": .array([]), "Title": .string("shot_\(id) comp v12"),
            "Command": .string("nuke -x /prod/shots/sh\(id)/comp.nk \(id)-\(id + 10)"), "Dir": "/prod/shots",
            "State": "FINISHED", "Worker": "render-042", "Affinity": "linux,nuke", "User": "alice",
            "StartTime": 1371812345.127092, "Duration": 12.5, "PingTime": 1371812357.5, "Try": 1, "Retry": 10,
            "TimeOut": 0, "Priority": 1000, "Order": 0, "Finished": 1, "Errors": 0, "Total": 1,
            "TotalFinished": 1, "TotalErrors": 0, "Dependencies": .array([.int(id - 1)]), "Working": 0,
        ])
    }

    static func getjobsAnswer(jobs: Int) -> XMLRPCValue {
        .struct([
            "Jobs": .array((0..<Int64(jobs)).map(job)),
            "Parents": .array([.struct(["ID": 0, "Title": "Root"]), .struct(["ID": 1, "Title": "Show"])]),
        ])
    }

    static let addjobParams: [XMLRPCValue] = [
        1, "shot_010 comp", "nuke -x /prod/shots/sh010/comp.nk 1-100", "/prod/shots", 1000, 10, 3600, "linux,nuke", [12, 13],
    ]

    @Test(.enabled(if: XMLRPCFuzzEnvironment.integer("XMLRPC_BENCH") != nil))
    func getjobsAndAddjob() throws {
        let answer = Self.getjobsAnswer(jobs: 1_000)
        let clock = ContinuousClock()
        var bytes: [UInt8] = []
        let encodeRounds = 20
        let encodeTime = clock.measure {
            for _ in 0..<encodeRounds { bytes = XMLRPCEncoder.response(answer) }
        }
        var decoded: XMLRPCResponse?
        let decodeTime = try clock.measure {
            for _ in 0..<encodeRounds { decoded = try XMLRPCDecoder.decodeResponse(bytes) }
        }
        #expect(decoded == .success(answer))

        let call = XMLRPCEncoder.call(method: "addjob", params: Self.addjobParams)
        let callRounds = 20_000
        var lastCall: XMLRPCMethodCall?
        let callTime = try clock.measure {
            for _ in 0..<callRounds {
                lastCall = try XMLRPCDecoder.decodeCall(call)
                _ = XMLRPCEncoder.response(.int(42))
            }
        }
        #expect(lastCall?.params == Self.addjobParams)

        func milliseconds(_ duration: Duration, _ rounds: Int) -> Double {
            (Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15) / Double(rounds)
        }
        let size = Double(bytes.count) / 1_048_576
        print("XML-RPC bench: getjobs answer 1000 jobs x 25 members = \(bytes.count) bytes; "
            + "encode \(milliseconds(encodeTime, encodeRounds)) ms (\(size / milliseconds(encodeTime, encodeRounds) * 1e3) MiB/s), "
            + "decode \(milliseconds(decodeTime, encodeRounds)) ms (\(size / milliseconds(decodeTime, encodeRounds) * 1e3) MiB/s); "
            + "addjob call \(call.count) bytes decode + int answer encode \(milliseconds(callTime, callRounds) * 1e3) µs "
            + "(\(Int(Double(callRounds) / (milliseconds(callTime, callRounds) * Double(callRounds) / 1e3))) calls/s)")
    }
}
