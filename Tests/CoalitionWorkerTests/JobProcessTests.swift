@testable import CoalitionWorker
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Real `/bin/sh` jobs: output, exit codes, directories, environment, kills, back-pressure.
@Suite struct JobProcessTests {
    private func run(
        _ command: String, directory: String? = nil, environment: [String: String]? = nil
    ) async throws -> (code: Int32, output: String) {
        let buffer = OutputBuffer(capacity: 1 << 20)
        let process = try JobProcess.start(
            command: command, directory: directory, environment: environment, buffer: buffer, echo: false, onExit: {})
        let code = await process.waitForExit()
        return (code, String(decoding: buffer.snapshot(), as: UTF8.self))
    }

    @Test func mergesOutputAndReportsTheExitCode() async throws {
        let result = try await run("echo out; echo err >&2; exit 3")
        #expect(result.code == 3)
        #expect(result.output == "out\nerr\n")
    }

    @Test func signalDeathIsNegative() async throws {
        #expect(try await run("kill -9 $$").code == -9)
    }

    @Test func runsInTheGivenDirectoryWithTheGivenEnvironment() async throws {
        let result = try await run("pwd; echo \"$JOBVAR\"; umask", directory: "/tmp", environment: ["JOBVAR": "v1", "PATH": "/usr/bin:/bin"])
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "/tmp")
        #expect(lines.dropFirst().first == "v1")
        #expect(result.code == 0)
    }

    @Test func ownProcessGroupAndNoStdin() async throws {
        let result = try await run("ps -o pgid= -p $$; ps -o pid= -p $$; cat; echo done")
        let numbers = result.output.split(separator: "\n").prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(numbers.count == 2 && numbers[0] == numbers[1])
        #expect(result.output.hasSuffix("done\n"))
    }

    @Test func spawnFailureIsReported() {
        #expect(throws: SpawnError.self) {
            _ = try JobProcess.start(
                command: "true", directory: "/no/such/dir", environment: nil,
                buffer: OutputBuffer(capacity: 10), echo: false, onExit: {})
        }
    }

    @Test func killTreeTakesChildrenAndRunaways() async throws {
        let marker = "/tmp/coalition-killtest-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let buffer = OutputBuffer(capacity: 1 << 20)
        // A child in the group, and a grandchild that escaped it with setsid.
        let process = try JobProcess.start(
            command: "sleep 300 & echo $! > \(marker).a; setsid sh -c 'echo $$ > \(marker).b; sleep 300' & wait",
            directory: nil, environment: nil, buffer: buffer, echo: false, onExit: {})
        var pids: [pid_t] = []
        for _ in 0..<100 where pids.count < 2 {
            try await Task.sleep(nanoseconds: 50_000_000)
            pids = ["a", "b"].compactMap { try? String(contentsOfFile: "\(marker).\($0)", encoding: .utf8) }
                .compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        #expect(pids.count == 2)
        process.killTree()
        let code = await process.waitForExit()
        #expect(code == -9)
        try await Task.sleep(nanoseconds: 200_000_000)
        for pid in pids {
            let alive = ProcessTree.snapshot().contains { $0.pid == pid && !$0.isZombie }
            #expect(!alive, "process \(pid) survived")
        }
        for suffix in ["a", "b"] { unlink("\(marker).\(suffix)") }
    }

    @Test func backPressureKeepsMemoryBoundedAndOrder() async throws {
        let capacity = 64 * 1024
        let buffer = OutputBuffer(capacity: capacity)
        // 8 MB of numbered lines as fast as the shell's awk can write them.
        let process = try JobProcess.start(
            command: "awk 'BEGIN { for (i = 0; i < 600000; i++) printf \"%013d\\n\", i }'",
            directory: nil, environment: nil, buffer: buffer, echo: false, onExit: {})
        var received = Data()
        var largest = 0
        while true {
            let exited = process.hasExited
            let chunk = buffer.snapshot()
            largest = max(largest, chunk.count)
            received.append(chunk)
            buffer.consume(chunk.count)
            if exited && buffer.count == 0 { break }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        #expect(await process.waitForExit() == 0)
        #expect(largest <= capacity + 64 * 1024)
        #expect(received.count == 600_000 * 14)
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 600_000)
        #expect(lines.enumerated().allSatisfy { Int($0.element) == $0.offset })
    }

    @Test func startupStyleRunDrainsOutput() throws {
        // Far more than a pipe holds: would hang if the output were not read.
        #expect(try Spawner.runToEnd("head -c 1000000 /dev/zero; exit 4", echo: false) == 4)
    }
}
