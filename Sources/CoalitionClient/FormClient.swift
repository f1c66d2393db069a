import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An HTTP answer: status code and body bytes.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var body: Data
    /// The body decoded as UTF-8 (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// Errors from talking to a Coalition server.
public enum ClientError: Error, CustomStringConvertible, Sendable {
    case badURL(String)
    case unreachable(String)

    public var description: String {
        switch self {
        case .badURL(let url): return "invalid server URL: \(url)"
        case .unreachable(let reason): return "server unreachable: \(reason)"
        }
    }
}

/// A small HTTP client that speaks to a Coalition server the way the original Python
/// clients do: GET with a query string, or POST with an `application/x-www-form-urlencoded`
/// body. Parameters are ordered pairs so that repeated keys (`id=1&id=2`) survive.
public struct FormClient: Sendable {
    /// Base URL, e.g. `http://render-master:19211` (no trailing slash).
    public let baseURL: String
    /// Per-request time limit in seconds.
    public var timeout: Double

    /// Accepts `http://host:port`, `host:port` or `host`; trailing slashes are dropped.
    public init(server: String, timeout: Double = 30) throws {
        var s = server.trimmingCharacters(in: .whitespaces)
        while s.hasSuffix("/") { s.removeLast() }
        if !s.contains("://") { s = "http://" + s }
        guard let url = URL(string: s), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ClientError.badURL(server)
        }
        self.baseURL = s
        self.timeout = timeout
    }

    /// Percent-encodes pairs as a form body / query string (space as `+`, like Python's urlencode).
    public static func encode(_ params: [(String, String)]) -> String {
        params.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "-"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `GET path?query`.
    public func get(_ path: String, _ params: [(String, String)] = []) async throws -> HTTPAnswer {
        var s = baseURL + path
        if !params.isEmpty { s += "?" + Self.encode(params) }
        guard let url = URL(string: s) else { throw ClientError.badURL(s) }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "GET"
        return try await send(request)
    }

    /// `POST path` with a form-encoded body.
    public func post(_ path: String, _ params: [(String, String)]) async throws -> HTTPAnswer {
        guard let url = URL(string: baseURL + path) else { throw ClientError.badURL(baseURL + path) }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("text/plain", forHTTPHeaderField: "Accept")
        request.httpBody = Data(Self.encode(params).utf8)
        return try await send(request)
    }

    /// `POST path` with a raw body (XML-RPC and other text formats).
    public func post(_ path: String, body: Data, contentType: String) async throws -> HTTPAnswer {
        guard let url = URL(string: baseURL + path) else { throw ClientError.badURL(baseURL + path) }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        return try await send(request)
    }

    /// One session for every client in the process: its connections are kept alive and
    /// reused, instead of a new session (and TCP connection) per request.
    private static let session = URLSession(configuration: .ephemeral)

    private func send(_ request: URLRequest) async throws -> HTTPAnswer {
        let session = Self.session
        do {
            let (data, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return HTTPAnswer(status: status, body: data)
        } catch {
            throw ClientError.unreachable(error.localizedDescription)
        }
    }
}
