import CoalitionClient
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A UDP socket on 127.0.0.1 that answers each datagram with the next of `replies`.
private final class Responder: @unchecked Sendable {
    let fd: Int32
    let port: Int
    private let lock = NSLock()
    private var received: [String] = []

    init(replies: [String]) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: bound.sin_port))
        let socketFD = fd
        let thread = Thread { [self] in
            for reply in replies {
                var buffer = [UInt8](repeating: 0, count: 2048)
                var sender = sockaddr_in()
                var senderLength = socklen_t(MemoryLayout<sockaddr_in>.size)
                let count = withUnsafeMutablePointer(to: &sender) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(socketFD, &buffer, buffer.count, 0, $0, &senderLength) }
                }
                if count < 0 { return }
                self.lock.withLock { self.received.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
                _ = withUnsafePointer(to: &sender) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(socketFD, reply, reply.utf8.count, 0, $0, senderLength) }
                }
            }
        }
        thread.start()
    }

    var datagrams: [String] { lock.withLock { received } }

    deinit { close(fd) }
}

/// `discoverServer` against a real UDP socket on 127.0.0.1.
@Suite struct DiscoveryTests {
    @Test func findsTheServerAndIgnoresOtherReplies() async throws {
        let responder = Responder(replies: ["nope", "roxo", "roxor"])
        let started = Date()
        let url = try await discoverServer(broadcast: "127.0.0.1", port: responder.port, timeout: 10)
        #expect(url == "http://127.0.0.1:\(responder.port)")
        #expect(responder.datagrams == ["coalition", "coalition", "coalition"])
        #expect(Date().timeIntervalSince(started) >= 1.9)  // one datagram a second
    }

    @Test func givesUpAfterTheTimeLimit() async {
        let responder = Responder(replies: [])
        await #expect(throws: DiscoveryError.self) {
            _ = try await discoverServer(broadcast: "127.0.0.1", port: responder.port, timeout: 1.2)
        }
    }

    @Test func refusesBadAddresses() async {
        await #expect(throws: DiscoveryError.self) { _ = try await discoverServer(broadcast: "not-an-ip", port: 19211, timeout: 1) }
        await #expect(throws: DiscoveryError.self) { _ = try await discoverServer(broadcast: "127.0.0.1", port: 0, timeout: 1) }
    }

    @Test func stopsWhenCancelled() async {
        let responder = Responder(replies: [])
        let task = Task { try await discoverServer(broadcast: "127.0.0.1", port: responder.port) }
        try? await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        let result = await task.result
        #expect(throws: DiscoveryError.self) { try result.get() }
    }
}
