import CoalitionCore
import Testing
@testable import CoalitionWire

/// The additions to the v3 answers: the pickjob reservation element and the opt-in columns.
@Suite struct ReservationWireTests {
    @Test func theReservationIsASixthStringElement() {
        let job = PythonLiteralWriter.pickJobAnswer(id: 12, command: "render -f 12", dir: "/mnt/proj", user: "bob", environment: nil)
        let six = PythonLiteralWriter.withReservation(job, "cores=4,memory=8192,gpus=1")
        #expect(String(decoding: six, as: UTF8.self) == String(decoding: job, as: UTF8.self) + ",'cores=4,memory=8192,gpus=1'")
        #expect(String(decoding: PythonLiteralWriter.withReservation(PythonLiteralWriter.noJob, ""), as: UTF8.self)
                == "-1,\"\",\"\",\"\",None,''")
    }

    @Test func extraColumnsOnlyWhenAsked() {
        var job = Job(id: 3, parent: 0, command: "c", now: 0)
        job.request = ResourceRequest(cores: 4, memory: nil, gpus: 0)
        let plain = String(decoding: V3Tables.jobs([job], parents: [], now: 0), as: UTF8.self)
        #expect(!plain.contains("WaitReason"))
        let extra = String(decoding: V3Tables.jobs([job], parents: [], now: 0, extra: V3Tables.ExtraJobColumn.resources,
                                                         waitReasons: ["too big"]), as: UTF8.self)
        #expect(extra.contains("\"GlobalProgress\",\"Cores\",\"Memory\",\"Gpus\",\"WaitReason\"]"))
        #expect(extra.contains(",null,null,4,null,0,\"too big\"]"))
        #expect(extra.replacingOccurrences(of: ",\"Cores\",\"Memory\",\"Gpus\",\"WaitReason\"", with: "")
            .replacingOccurrences(of: ",4,null,0,\"too big\"", with: "") == plain)

        var worker = Worker(name: "desk-1", now: 0)
        worker.state = .nimby
        worker.nimbyReason = "user active"
        worker.capacity = Resources(cores: 16, memory: 64000, gpus: 2)
        let v3 = String(decoding: V3Tables.workers([worker], now: 0), as: UTF8.self)
        #expect(v3.contains("\"NIMBY\"") && !v3.contains("user active"))
        let more = String(decoding: V3Tables.workers([worker], now: 0, extra: true), as: UTF8.self)
        #expect(more.hasSuffix(",true,\"user active\",16,64000,2]]}"))
    }
}
