import Foundation

/// Job tokens (`COALITION_JOB_TOKEN`): the HMAC-SHA256, under a per-server secret, of a
/// job id and the activity id of its current run. A token proves which run it was issued
/// for without the server storing anything, and dies with its run: the next run of the
/// same job has another activity id.
struct JobTokens: Sendable {
    private let secret: [UInt8]

    init(secret: [UInt8]) { self.secret = secret }

    /// The token of one run, as lowercase hexadecimal.
    func token(job: Int, activity: Int) -> String {
        SHA256.hmac(key: secret, message: Array("coalition-job \(job) run \(activity)".utf8)).hex
    }

    /// Whether `token` is the token of that run (compared in constant time).
    func verify(_ token: String, job: Int, activity: Int) -> Bool {
        let expected = Array(self.token(job: job, activity: activity).utf8)
        let given = Array(token.utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(given, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// The secret kept in `path`, created (32 random bytes, mode 0600) when absent.
    static func loadSecret(at path: String) throws -> [UInt8] {
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count >= 16 else { throw SecretError("\(path): too short to be a secret (delete it to make a new one)") }
            return Array(data)
        }
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw SecretError("\(path): cannot create (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else { throw SecretError("\(path): cannot write") }
        return bytes
    }
}

/// The server secret could not be read or created.
struct SecretError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension [UInt8] {
    /// Lowercase hexadecimal.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
