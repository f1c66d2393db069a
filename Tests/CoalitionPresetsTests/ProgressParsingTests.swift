import CoalitionCore
import Testing

/// The built-in presets' progress patterns against log lines in each tool's format.
@Suite struct ProgressParsingTests {
    func value(_ pattern: String, _ log: String) -> Double? {
        ProgressPattern(pattern)?.apply(to: Array(log.utf8)).value
    }

    @Test func blenderFrames() {
        let log = "Fra:21 Mem:7.58M (Peak 7.60M) | Time:00:00.04 | Syncing Cube\nFra:22 Mem:7.58M | Sample 1/1\n"
        #expect(value("Fra:%frame(21-25)", log) == 0.2)
        #expect(value("Fra:%frame(21-25)", "Fra:25 Mem:1M\n") == 0.8)
    }

    @Test func afterEffectsFrames() {
        let log = """
        PROGRESS:  6/6/24 10:14:56 AM: Starting composition Main.
        PROGRESS:  0:00:00:00 (1): 0 Seconds
        PROGRESS:  0:00:00:01 (2): 0 Seconds
        PROGRESS:  0;00;00;03 (4): 1 Seconds

        """
        #expect(value("PROGRESS:\\s+[0-9:;]+ \\(%frame(1-8)\\)", log) == 3.0 / 8.0)
    }

    @Test func unrealCompletion() {
        let log = "LogMovieRenderPipeline: [  1.2] Completion Percentage: 0.25 - Estimated Time Remaining: 0h 1m\n"
        #expect(value("Completion Percentage: %one", log) == 0.25)
        #expect(value("PROGRESS:%percent", "PROGRESS:42%\n") == 0.42)
    }

    @Test func ffmpegProgress() {
        let log = "frame=12\nfps=0.00\nout_time_ms=480000\nprogress=continue\nframe=25\nprogress=end\n"
        #expect(value("frame=%frame(1-48)", log) == 0.5)
    }

    @Test func frameKeywordIsStrippedFromTheLog() throws {
        let pattern = try #require(ProgressPattern("Fra:%frame(1-2)"))
        let result = pattern.apply(to: Array("Fra:2 Mem:1M\n".utf8))
        #expect(String(decoding: result.rest, as: UTF8.self) == " Mem:1M\n")
    }

    @Test func reversedFrameKeywordIsNoPattern() {
        #expect(ProgressPattern("Fra:%frame(5-1)") == nil)
    }
}
