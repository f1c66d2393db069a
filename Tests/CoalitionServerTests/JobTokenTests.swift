import Foundation
import Testing
@testable import CoalitionServer

/// SHA-256 and HMAC-SHA256 against published vectors, and the job tokens built on them.
@Suite struct JobTokenTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    @Test func sha256OfKnownMessages() {
        #expect(SHA256.hash([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hash(Array(twoBlocks.utf8)).hex == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// RFC 4231, test cases 1 to 4, 6 and 7 (case 5 checks a truncated output).
    static let rfc4231: [(key: [UInt8], data: [UInt8], mac: String)] = [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test func hmacMatchesRFC4231() {
        for (n, vector) in Self.rfc4231.enumerated() {
            #expect(SHA256.hmac(key: vector.key, message: vector.data).hex == vector.mac, "vector \(n)")
        }
    }

    @Test func aTokenNamesOneRunOfOneJobUnderOneSecret() {
        let tokens = JobTokens(secret: Array("a secret of the server".utf8))
        let token = tokens.token(job: 7, activity: 3)
        #expect(token.count == 64)
        #expect(tokens.verify(token, job: 7, activity: 3))
        #expect(!tokens.verify(token, job: 8, activity: 3))
        #expect(!tokens.verify(token, job: 7, activity: 4))
        #expect(!tokens.verify("", job: 7, activity: 3))
        #expect(!tokens.verify(String(token.dropLast()) + "0", job: 7, activity: 3) || token.last == "0")
        #expect(!JobTokens(secret: Array("another".utf8)).verify(token, job: 7, activity: 3))
    }

    @Test func theSecretIsCreatedOnceWithMode0600() throws {
        let path = NSTemporaryDirectory() + "coalition-secret-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try JobTokens.loadSecret(at: path)
        #expect(first.count == 32)
        #expect(try JobTokens.loadSecret(at: path) == first)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
