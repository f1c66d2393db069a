import CoalitionWire
import Testing

@Suite struct UTF8BoundaryTests {
    // "aé€😀": a(1) é(2) €(3) 😀(4) = offsets 0, 1, 3, 6, end 10
    let bytes = Array("aé€😀".utf8)

    @Test func startMovesBackToTheCharacter() {
        #expect(UTF8Boundary.characterStart(in: bytes, at: 0) == 0)
        #expect(UTF8Boundary.characterStart(in: bytes, at: 2) == 1)
        #expect(UTF8Boundary.characterStart(in: bytes, at: 4) == 3)
        #expect(UTF8Boundary.characterStart(in: bytes, at: 5) == 3)
        #expect(UTF8Boundary.characterStart(in: bytes, at: 9) == 6)
        #expect(UTF8Boundary.characterStart(in: bytes, at: 10) == 10)
        #expect(UTF8Boundary.characterStart(in: bytes, at: 8, lowerBound: 7) == 7)
    }

    @Test func startNeverMovesMoreThanThreeBytes() {
        let junk: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80]
        #expect(UTF8Boundary.characterStart(in: junk, at: 4) == 1)
    }

    @Test func endLeavesOutAnIncompleteLastCharacter() {
        #expect(UTF8Boundary.completeEnd(of: bytes) == 10)
        for cut in [7, 8, 9] { #expect(UTF8Boundary.completeEnd(of: Array(bytes[..<cut])) == 6) }
        #expect(UTF8Boundary.completeEnd(of: Array(bytes[..<5])) == 3)
        #expect(UTF8Boundary.completeEnd(of: Array(bytes[..<2])) == 1)
        #expect(UTF8Boundary.completeEnd(of: []) == 0)
        #expect(UTF8Boundary.completeEnd(of: Array("abc".utf8)) == 3)
    }

    @Test func endRespectsTheStart() {
        // Only continuation bytes after the start: nothing to leave out.
        #expect(UTF8Boundary.completeEnd(of: [0xE2, 0x82], from: 1) == 2)
    }

    @Test func invalidBytesAreKept() {
        #expect(UTF8Boundary.completeEnd(of: [0x41, 0xFF]) == 2)
        #expect(UTF8Boundary.completeEnd(of: [0x41, 0x80, 0x80, 0x80, 0x80]) == 5)
    }
}
