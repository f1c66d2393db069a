import CoalitionCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CoalitionServer

/// getlog by offset, getjobs' extra columns, cached static files.
@Suite struct LiveRoutesTests {
    let routes = RoutesTests()

    func object(_ r: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: r.body))) as? [String: Any] ?? [:]
    }

    @Test func getlogFromAnOffset() async throws {
        let (app, dir) = routes.makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("abc é\n".utf8).write(to: URL(fileURLWithPath: dir + "/logs/7.log"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/json/getlog?id=7", method: .get) { r in
                #expect(String(buffer: r.body) == "\"abc é\\n\"")   // v3 answer unchanged
            }
            try await client.execute(uri: "/json/getlog?id=7&offset=0", method: .get) { r in
                #expect(String(buffer: r.body) == "{\"log\":\"abc é\\n\",\"offset\":0,\"end\":7}")
            }
            try await client.execute(uri: "/json/getlog?id=7&offset=5", method: .get) { r in
                // Byte 5 is inside "é": the part starts at its first byte.
                #expect(String(buffer: r.body) == "{\"log\":\"é\\n\",\"offset\":4,\"end\":7}")
            }
            for offset in ["7", "1000"] {
                try await client.execute(uri: "/json/getlog?id=7&offset=\(offset)", method: .get) { r in
                    #expect(String(buffer: r.body) == "{\"log\":\"\",\"offset\":7,\"end\":7}")
                }
            }
            try await client.execute(uri: "/json/getlog?id=99&offset=0", method: .get) { r in
                #expect(String(buffer: r.body) == "{\"log\":\"\",\"offset\":0,\"end\":0}")
            }
            for bad in ["-1", "x", "", "1.5"] {
                try await client.execute(uri: "/json/getlog?id=7&offset=\(bad)", method: .get) { r in
                    #expect(r.status == .badRequest, "\(bad)")
                    #expect(String(buffer: r.body).contains("offset"))
                }
            }
        }
    }

    @Test func getjobsAddsTheEnvironmentOnlyWhenAsked() async throws {
        let (app, dir) = routes.makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            try await client.execute(uri: "/json/addjob?title=a&cmd=x&env=A%3D1%5CnB%3D2", method: .get) { _ in }
            try await client.execute(uri: "/json/getjobs", method: .get) { r in
                let vars = object(r)["Vars"] as? [String] ?? []
                #expect(vars.count == 25 && !vars.contains("Environment"))
            }
            try await client.execute(uri: "/json/getjobs?extra=Environment", method: .get) { r in
                let table = object(r)
                #expect((table["Vars"] as? [String])?.last == "Environment")
                let row = (table["Jobs"] as? [[Any]])?.first ?? []
                #expect(row.count == 26 && row.last as? String == "A=1\\nB=2")
            }
            try await client.execute(uri: "/json/updatejobs?id=1&prop=Environment&value=C%3D3", method: .get) { _ in }
            try await client.execute(uri: "/json/getjobs?extra=Environment", method: .get) { r in
                #expect(((object(r)["Jobs"] as? [[Any]])?.first?.last as? String) == "C=3")
            }
            try await client.execute(uri: "/json/getjobs?extra=Nope", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("Environment"))
            }
        }
    }

    @Test func staticFilesRevalidateAndServeRanges() async throws {
        let (app, dir) = routes.makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            let etag = try await client.execute(uri: "/index.html", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.cacheControl] == "no-cache")
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                return r.headers[.eTag]
            }
            let tag = try #require(etag)
            try await client.execute(uri: "/index.html", method: .get, headers: [.ifNoneMatch: tag]) { r in
                #expect(r.status == .notModified)
            }
            try await client.execute(uri: "/index.html", method: .get, headers: [.range: "bytes=1-2"]) { r in
                #expect(r.status == .partialContent)
                #expect(String(buffer: r.body) == "h1")
            }
        }
    }
}
