import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why UDP discovery of a Coalition server failed.
public enum DiscoveryError: Error, CustomStringConvertible, Sendable {
    case badAddress(String)
    case socketFailure(String)
    case timedOut(Double)
    case cancelled

    public var description: String {
        switch self {
        case .badAddress(let address): return "invalid broadcast address: \(address)"
        case .socketFailure(let reason): return "discovery socket error: \(reason)"
        case .timedOut(let seconds): return "no Coalition server answered within \(seconds) s"
        case .cancelled: return "discovery cancelled"
        }
    }
}

/// The UDP port Coalition servers answer discovery on (and serve HTTP on) by default.
public let defaultCoalitionPort = 19211

/// Finds a Coalition server on the local network the way the original worker does: sends the
/// datagram `coalition` to `broadcast:port` once a second until a reply that is exactly `roxor`
/// arrives, and answers `http://<address of the replier>:<port>`.
///
/// - Parameters:
///   - broadcast: IPv4 address to send to (a broadcast address, or any unicast address).
///   - port: UDP port asked; also the port of the returned HTTP URL.
///   - timeout: give up after this many seconds; nil waits forever (until the task is cancelled).
///   - onAttempt: called before every datagram sent (for logging).
///   - onSendFailure: called when a datagram cannot be sent (e.g. no route to the broadcast
///     address); discovery goes on trying once a second.
public func discoverServer(
    broadcast: String = "255.255.255.255",
    port: Int = defaultCoalitionPort,
    timeout: Double? = nil,
    onAttempt: (@Sendable (Int) -> Void)? = nil,
    onSendFailure: (@Sendable (String) -> Void)? = nil
) async throws -> String {
    guard (1...65535).contains(port) else { throw DiscoveryError.badAddress("port \(port)") }
    var target = in_addr()
    guard inet_pton(AF_INET, broadcast, &target) == 1 else { throw DiscoveryError.badAddress(broadcast) }
    let probe = DiscoveryProbe(
        target: target, port: UInt16(port), timeout: timeout, onAttempt: onAttempt, onSendFailure: onSendFailure)
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, Error>) in
            // The socket calls block, so they run on their own thread, never on the shared pool.
            let thread = Thread {
                continuation.resume(with: Result { try probe.run() })
            }
            thread.name = "coalition-discovery"
            thread.start()
        }
    } onCancel: {
        probe.cancel()
    }
}

/// One discovery run: owns the socket loop; `cancel()` may be called from any thread.
private final class DiscoveryProbe: @unchecked Sendable {
    private let target: in_addr
    private let port: UInt16
    private let timeout: Double?
    private let onAttempt: (@Sendable (Int) -> Void)?
    private let onSendFailure: (@Sendable (String) -> Void)?
    private let lock = NSLock()
    private var cancelled = false

    init(
        target: in_addr, port: UInt16, timeout: Double?, onAttempt: (@Sendable (Int) -> Void)?,
        onSendFailure: (@Sendable (String) -> Void)?
    ) {
        self.target = target
        self.port = port
        self.timeout = timeout
        self.onAttempt = onAttempt
        self.onSendFailure = onSendFailure
    }

    func cancel() {
        lock.withLock { cancelled = true }
    }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    func run() throws -> String {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { throw DiscoveryError.socketFailure(String(cString: strerror(errno))) }
        defer { close(fd) }
        var yes: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &yes, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw DiscoveryError.socketFailure("SO_BROADCAST: " + String(cString: strerror(errno)))
        }
        // Wake up every 200 ms to notice cancellation and the overall time limit.
        var slice = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &slice, socklen_t(MemoryLayout<timeval>.size))

        var destination = sockaddr_in()
        destination.sin_family = sa_family_t(AF_INET)
        destination.sin_port = port.bigEndian
        destination.sin_addr = target
        let started = Date()
        var attempt = 0
        while true {
            if isCancelled { throw DiscoveryError.cancelled }
            if let timeout, Date().timeIntervalSince(started) >= timeout { throw DiscoveryError.timedOut(timeout) }
            attempt += 1
            onAttempt?(attempt)
            let sent = withUnsafePointer(to: &destination) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    sendto(fd, "coalition", 9, 0, address, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            let roundStart = Date()
            if sent < 0 {
                // The network may come up later (no route yet): keep trying at the same pace.
                onSendFailure?(String(cString: strerror(errno)))
                Thread.sleep(forTimeInterval: 1)
                continue
            }
            while Date().timeIntervalSince(roundStart) < 1 {
                if isCancelled { throw DiscoveryError.cancelled }
                if let url = receiveReply(fd) { return url }
            }
        }
    }

    /// One receive with the short socket time limit; the server URL if the datagram is `roxor`.
    private func receiveReply(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        var sender = sockaddr_in()
        var senderLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &sender) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                recvfrom(fd, &buffer, buffer.count, 0, address, &senderLength)
            }
        }
        guard count == 5, Array(buffer[0..<5]) == Array("roxor".utf8) else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        var address = sender.sin_addr
        guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { return nil }
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "http://\(host):\(port)"
    }
}
