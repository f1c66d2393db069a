@testable import CoalitionStore
import Testing

@Suite struct CRC32Tests {
    /// The byte-at-a-time definition the sliced loop must equal.
    static func reference(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }

    @Test func checkValueOfTheStandard() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test func everyOffsetAndLengthMatchesTheBytewiseDefinition() {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for start in 0..<20 {
            for end in stride(from: start, through: bytes.count, by: 7) {
                #expect(CRC32.checksum(bytes, from: start, to: end) == Self.reference(bytes[start..<end]),
                        "bytes \(start)..<\(end)")
            }
        }
    }

    @Test func aRangeOutsideTheBytesIsCutToThem() {
        let bytes: [UInt8] = [1, 2, 3]
        #expect(CRC32.checksum(bytes, from: 0, to: 99) == CRC32.checksum(bytes))
        #expect(CRC32.checksum(bytes, from: 5, to: 2) == CRC32.checksum([]))
    }
}
