import Foundation
import Testing
@testable import CoalitionWorker

/// The worker numbers its output: each heartbeat says where its chunk starts (`logOffset`).
@Suite struct LogOffsetTests {
    static func fields(_ body: Data) -> [String: String] {
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
        return Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
    }

    @Test func heartbeatCarriesTheOffsetOnlyWhenGiven() {
        let sample = HostSample(load: [12], freeMemoryMB: 100, totalMemoryMB: 200)
        let log = Data("line 2\n".utf8)
        let numbered = WorkerProtocol.heartbeatBody(name: "n-1", jobID: 7, log: log, sample: sample, logOffset: 1234)
        let fields = Self.fields(numbered)
        #expect(fields["logOffset"] == "1234")
        #expect(fields["jobId"] == "7")
        #expect(Data(base64Encoded: fields["log"] ?? "") == log)
        let plain = WorkerProtocol.heartbeatBody(name: "n-1", jobID: 7, log: log, sample: sample)
        #expect(Self.fields(plain)["logOffset"] == nil)
        #expect(String(decoding: plain, as: UTF8.self).hasPrefix("hostname=n-1&jobId=7&log="))
        // The NIMBY report is about no job: no offset.
        let nimby = WorkerProtocol.nimbyReportBody(name: "n-1", reason: "user active", sample: sample)
        #expect(Self.fields(nimby)["logOffset"] == nil)
    }

    @Test func bufferNumbersWhatItHoldsFromItsStart() {
        let buffer = OutputBuffer(capacity: 1 << 10, offset: 500)
        #expect(buffer.offset == 500)
        buffer.append(Data("abc".utf8))
        buffer.note("x")
        var (offset, bytes) = buffer.pending()
        #expect(offset == 500 && bytes == Data("abc* x\n".utf8))
        buffer.consume(2)
        (offset, bytes) = buffer.pending()
        #expect(offset == 502 && bytes == Data("c* x\n".utf8))
        buffer.consume(100)
        #expect(buffer.pending() == (507, Data()))
        buffer.append(Data("d".utf8))
        #expect(buffer.pending() == (507, Data("d".utf8)))
        #expect(OutputBuffer(capacity: 8).offset == 0)
    }
}
