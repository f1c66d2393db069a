import CoalitionCore
import CoalitionStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import CoalitionServer

/// The router in process, through Hummingbird's test client.
@Suite struct RoutesTests {
    func makeApp() -> (some ApplicationProtocol, String) {
        let dir = NSTemporaryDirectory() + "coalition-routes-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir + "/web", withIntermediateDirectories: true)
        try! Data("<h1>farm</h1>".utf8).write(to: URL(fileURLWithPath: dir + "/web/index.html"))
        try! Data("secret".utf8).write(to: URL(fileURLWithPath: dir + "/coalition.ini"))
        let logs = LogStore(directory: dir + "/logs")
        let logger = Logger(label: "test")
        let journal = JournalDirectory(dataDirectory: dir)
        let writer = try! JournalWriter(directory: journal, mode: .fsync, lastSequence: 0, logger: logger,
                                        statistics: JournalStatistics())
        let service = FarmService(farm: Farm(now: 0), journal: writer, journalDirectory: journal, recoveredSequence: 0,
                                  logs: logs, notifier: Notifier(logger: logger, smtp: nil))
        let routes = Routes(json: JSONAPI(service: service, logs: logs), workers: WorkerAPI(service: service),
                            files: WebFiles(root: dir + "/web"), bodyLimit: 1 << 20)
        return (Application(router: routes.build(), logger: logger), dir)
    }

    @Test func addPickHeartbeatEnd() async throws {
        let (app, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            try await client.execute(uri: "/json/addjob?title=a&cmd=echo%20hi", method: .get) { r in
                #expect(String(buffer: r.body) == "1")
            }
            let form = ByteBuffer(string: "hostname=n1-1&load=%5B5%5D")
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/workers/pickjob", method: .post, headers: headers, body: form) { r in
                #expect(String(buffer: r.body) == "1,'echo hi','.','',None")
            }
            let hb = ByteBuffer(string: "hostname=n1-1&jobId=1&log=aGkK")
            try await client.execute(uri: "/workers/heartbeat", method: .post, headers: headers, body: hb) { r in
                #expect(String(buffer: r.body) == "true")
            }
            try await client.execute(uri: "/json/getlog?id=1", method: .get) { r in
                #expect(String(buffer: r.body) == "\"hi\\n\"")
            }
            let end = ByteBuffer(string: "hostname=n1-1&jobId=1&errorCode=0")
            try await client.execute(uri: "/workers/endjob", method: .post, headers: headers, body: end) { r in
                #expect(String(buffer: r.body) == "1")
            }
            try await client.execute(uri: "/json/getjobs", method: .get) { r in
                let table = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                let row = (table["Jobs"] as! [[Any]])[0]
                #expect(row[4] as? String == "FINISHED")
            }
        }
    }

    @Test func staticFilesStayInsideTheWebRoot() async throws {
        let (app, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body) == "<h1>farm</h1>")
            }
            for path in ["/../coalition.ini", "/%2e%2e/coalition.ini", "/..%2fcoalition.ini", "/%2e%2e%2fcoalition.ini"] {
                try await client.execute(uri: path, method: .get) { r in
                    #expect(r.status == .notFound, "\(path)")
                    #expect(!String(buffer: r.body).contains("secret"))
                }
            }
        }
    }

    @Test func updateJobsNeedsPairedPropsAndValues() async throws {
        let (app, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            try await client.execute(uri: "/json/addjob?title=a", method: .get) { _ in }
            try await client.execute(uri: "/json/updatejobs?id=1&prop=Title&prop=Priority&value=x", method: .get) { r in
                #expect(String(buffer: r.body) == "0")
            }
            try await client.execute(uri: "/json/updatejobs?id=1&prop=Title&value=renamed", method: .get) { r in
                #expect(String(buffer: r.body) == "1")
            }
            try await client.execute(uri: "/json/getjobs", method: .get) { r in
                #expect(String(buffer: r.body).contains("\"renamed\""))
            }
        }
    }
}
