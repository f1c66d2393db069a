import Testing
@testable import CoalitionCore

@Suite struct ProgressPatternTests {
    @Test func literalPrefixes() {
        #expect(ProgressPattern.literalPrefix(of: "PROGRESS:%percent") == Array("PROGRESS:".utf8))
        #expect(ProgressPattern.literalPrefix(of: "Frame %one") == Array("Frame ".utf8))
        #expect(ProgressPattern.literalPrefix(of: "ab?%one") == Array("a".utf8))
        #expect(ProgressPattern.literalPrefix(of: "(%percent)") == nil)
        #expect(ProgressPattern.literalPrefix(of: "a|b %one") == nil)
        #expect(ProgressPattern.literalPrefix(of: "x*%one") == nil)
    }

    /// The prefix-jumping scan must give exactly what the plain scan gives.
    @Test(arguments: ["PROGRESS:%percent", "F %one", "Done %percent%", "P:%one\\s*x?", "ab+%one", "G=%percent",
                      "Frame %frame(1001-1100)"])
    func prefixScanEqualsFullScan(pattern: String) {
        let p = ProgressPattern(pattern)!
        var rng = SplitMix64(state: UInt64(pattern.utf8.count))
        let pieces: [[UInt8]] = [Array("PROGRESS:".utf8), Array("F ".utf8), Array("Done ".utf8), Array("P:".utf8),
                                 Array("abb".utf8), Array("G=".utf8), Array("Frame ".utf8), Array("1050".utf8), Array("12.5".utf8), Array("7".utf8),
                                 Array("%".utf8), Array("x".utf8), Array(" ".utf8), [0x0A], [0xFF, 0xC3], Array("..".utf8)]
        for _ in 0..<300 {
            var chunk: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<40, using: &rng) { chunk += pieces.randomElement(using: &rng)! }
            let fast = p.apply(to: chunk)
            let full = p.applyScanning(chunk)
            #expect(fast.value == full.value && fast.rest == full.rest, "\(pattern) on \(chunk)")
        }
    }

    /// Patterns that are a literal then the number skip the regex engine (the scan above
    /// holds both ways equal); the others keep it.
    @Test func literalThenNumberSkipsTheRegex() {
        #expect(ProgressPattern("PROGRESS:%percent")!.numberFollowsPrefix)
        #expect(ProgressPattern("Frame %frame(1-10)")!.numberFollowsPrefix)
        #expect(ProgressPattern("F %one")!.numberFollowsPrefix)
        #expect(!ProgressPattern("Done %percent%")!.numberFollowsPrefix)
        #expect(!ProgressPattern("ab+%one")!.numberFollowsPrefix)
        #expect(!ProgressPattern("(%percent)")!.numberFollowsPrefix)
    }

    @Test func megabytesWithoutMarkerAreCheap() {
        let p = ProgressPattern("PROGRESS:%percent")!
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 4 << 20) + Array("PROGRESS:50\n".utf8)
        let (value, rest) = p.apply(to: chunk)
        #expect(value == 0.5)
        #expect(rest.count == 4 << 20 + 1)
    }
}
