import CoalitionPresets
import Testing

@Suite struct FrameRangeTests {
    func chunks(_ frames: String, _ size: Int, max: Int = 10_000) throws -> [FrameChunk] {
        try FrameRange(parsing: frames).chunks(size: size, maximum: max)
    }

    @Test func oneFrame() throws {
        #expect(try chunks("7", 10) == [FrameChunk(start: 7, end: 7)])
    }

    @Test func chunkLargerThanTheRange() throws {
        #expect(try chunks("1-5", 100) == [FrameChunk(start: 1, end: 5)])
    }

    @Test func evenAndUnevenCuts() throws {
        #expect(try chunks("1-240", 10).count == 24)
        #expect(try chunks("1-25", 10) == [FrameChunk(start: 1, end: 10), FrameChunk(start: 11, end: 20), FrameChunk(start: 21, end: 25)])
    }

    @Test func steps() throws {
        let range = try FrameRange(parsing: "1-100x5")
        #expect(range.frameCount == 20)
        #expect(range.segments == [FrameRange.Segment(first: 1, last: 96, step: 5)])
        #expect(try chunks("1-100x5", 8) == [FrameChunk(start: 1, end: 36, step: 5), FrameChunk(start: 41, end: 76, step: 5),
                                             FrameChunk(start: 81, end: 96, step: 5)])
        #expect(try chunks("1-100x5", 8).map(\.count) == [8, 8, 4])
    }

    @Test func lists() throws {
        #expect(try chunks("1,5,10-12", 10) == [FrameChunk(start: 1, end: 1), FrameChunk(start: 5, end: 5), FrameChunk(start: 10, end: 12)])
        #expect(try chunks(" 1 , 3-4 ", 1) == [FrameChunk(start: 1, end: 1), FrameChunk(start: 3, end: 3), FrameChunk(start: 4, end: 4)])
    }

    @Test(arguments: ["", "  ", "10-1", "a-b", "1-", "-5", "1,,2", "1-10x0", "5x2", "1-10x", "1.5-3", "99999999999"])
    func refused(_ text: String) {
        #expect(throws: PresetError.self) { try FrameRange(parsing: text) }
    }

    @Test func reversedSaysSo() {
        #expect(throws: PresetError.invalidFrames("'10-1' is reversed (first frame after last)")) { try FrameRange(parsing: "10-1") }
    }

    @Test func tooManyChunksIsRefusedBeforeBuilding() {
        #expect(throws: PresetError.tooManyChunks(count: 1_000_000_000, maximum: 10_000)) {
            try chunks("1-1000000000", 1)
        }
        #expect(throws: PresetError.tooManyChunks(count: 10_001, maximum: 10_000)) { try chunks("1-10001", 1) }
        #expect(throws: Never.self) { try chunks("1-10000", 1) }
    }
}
