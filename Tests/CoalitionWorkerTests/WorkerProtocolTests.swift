import CoalitionClient
@testable import CoalitionWorker
import Foundation
import Testing

@Suite struct WorkerProtocolTests {
    @Test func jobAnswer() throws {
        let job = try WorkerProtocol.parsePickAnswer("3,\"echo it's\",'/tmp',\"\",'A=1\\\\nB=2'")
        #expect(job == JobAssignment(id: 3, command: "echo it's", directory: "/tmp", user: "", environment: "A=1\\nB=2"))
    }

    @Test func noJobAnswers() throws {
        #expect(try WorkerProtocol.parsePickAnswer("-1,\"\",\"\",\"\",None") == nil)
        #expect(try WorkerProtocol.parsePickAnswer("(-1, '', '', '', None)") == nil)
    }

    @Test func noEnvironmentForms() throws {
        for env in ["None", "'None'", "''", "u''"] {
            let job = try WorkerProtocol.parsePickAnswer("7,'x','.','',\(env)")
            #expect(job?.environment == nil)
        }
    }

    /// Six elements are the reservation extension (docs/worker.md); seven are not an answer.
    @Test func badAnswersAreErrors() {
        for body in ["", "1,2", "'x','y','z','u','v'", "<html>oops</html>", "7,'a','b','c','d','e','f'"] {
            #expect(throws: ProtocolError.self) { try WorkerProtocol.parsePickAnswer(body) }
        }
    }

    @Test func heartbeatBodyDecodesLikeAForm() throws {
        let log = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let sample = HostSample(load: [12, 40], freeMemoryMB: 100, totalMemoryMB: 200)
        let body = WorkerProtocol.heartbeatBody(name: "node 1-2", jobID: 42, log: log, sample: sample)
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
        let fields = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(fields["hostname"] == "node 1-2")
        #expect(fields["jobId"] == "42")
        #expect(fields["load"] == "[12, 40]")
        #expect(fields["freeMemory"] == "100")
        #expect(fields["totalMemory"] == "200")
        #expect(Data(base64Encoded: fields["log"] ?? "") == log)
    }

    @Test func onlyExactFalseKills() {
        #expect(WorkerProtocol.isKillAnswer("false"))
        for other in ["true", "False", "false\n", "", "<html>500</html>"] {
            #expect(!WorkerProtocol.isKillAnswer(other))
        }
    }

    @Test func formEncodingMatchesPythonUrlencode() {
        #expect(FormClient.encode([("a b", "x&y=z/é~")]) == "a+b=x%26y%3Dz%2F%C3%A9~")
    }
}
