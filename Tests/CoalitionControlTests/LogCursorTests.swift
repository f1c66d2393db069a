import Testing
@testable import CoalitionControl

@Suite struct LogCursorTests {
    @Test func advancesToEachAnswersEnd() {
        var cursor = LogCursor()
        #expect(cursor.accept(LogPart(text: "abc", start: 0, end: 3)) == .text("abc"))
        #expect(cursor.offset == 3)
        #expect(cursor.accept(LogPart(text: "", start: 3, end: 3)) == .text(""))
        #expect(cursor.accept(LogPart(text: "é", start: 3, end: 5)) == .text("é"))
        #expect(cursor.offset == 5)
    }

    @Test func anAnswerEndingBeforeTheOffsetMeansRestart() {
        var cursor = LogCursor()
        _ = cursor.accept(LogPart(text: "abcdef", start: 0, end: 6))
        #expect(cursor.accept(LogPart(text: "", start: 2, end: 2)) == .restarted)
        #expect(cursor.offset == 0)
        #expect(cursor.accept(LogPart(text: "xy", start: 0, end: 2)) == .text("xy"))
    }
}
