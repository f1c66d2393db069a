import Testing
@testable import CoalitionControl

@Suite struct JobIDListTests {
    @Test func idsAndRanges() throws {
        #expect(try JobIDList.parse(["12", "15", "20-23"]) == [12, 15, 20, 21, 22, 23])
        #expect(try JobIDList.parse(["3,4 7-8", "4"]) == [3, 4, 7, 8], "duplicates dropped, order kept")
        #expect(try JobIDList.parse([]) == [])
    }

    @Test func badIdsAreUsageErrors() {
        for bad in ["x", "1.5", "3-", "-3", "5-2", "1-2-3", "1-1000000000"] {
            #expect(throws: ControlError.self, "\(bad)") { try JobIDList.parse([bad]) }
        }
    }
}

@Suite struct CommandLineParserTests {
    @Test func optionsBeforeAndAfterPositionals() throws {
        let a = try CommandLineParser.parse(["-t", "T", "-c", "echo hi", "http://h:1", "add"])
        let b = try CommandLineParser.parse(["http://h:1", "add", "--title=T", "--cmd", "echo hi"])
        #expect(a.positionals == ["http://h:1", "add"])
        #expect(b.positionals == ["http://h:1", "add"])
        #expect(a.last(.title) == "T" && b.last(.title) == "T")
        #expect(a.last(.command) == "echo hi" && b.last(.command) == "echo hi")
    }

    @Test func clusteredShortOptionsAndDoubleDash() throws {
        let p = try CommandLineParser.parse(["-tTitle", "url", "add", "--", "-c", "not an option"])
        #expect(p.last(.title) == "Title")
        #expect(p.positionals == ["url", "add", "-c", "not an option"])
    }

    @Test func unknownOptionOrMissingValueIsAnError() {
        #expect(throws: ControlError.self) { try CommandLineParser.parse(["--no-such-option"]) }
        #expect(throws: ControlError.self) { try CommandLineParser.parse(["url", "add", "-t"]) }
    }
}

@Suite struct FormattingTests {
    @Test func durations() {
        #expect(ValueFormatting.duration(4.2) == "4.2s")
        #expect(ValueFormatting.duration(187) == "3m07s")
        #expect(ValueFormatting.duration(7500) == "2h05m")
        #expect(ValueFormatting.duration(3 * 86400 + 4 * 3600) == "3d04h")
        #expect(ValueFormatting.duration(nil) == "")
        #expect(ValueFormatting.percent(0.45) == "45%")
    }

    @Test func tablesAlignAndNeutralizeControlCharacters() {
        var table = TextTable([.init(title: "ID", rightAligned: true), .init(title: "Title")])
        table.append(["7", "short"])
        table.append(["1234", "with\nnewline\u{1B}[31m"])
        let lines = table.render(clip: false)
        #expect(lines[0] == "  ID  Title")
        #expect(lines[1] == "   7  short")
        #expect(lines[2].hasPrefix("1234  with"))
        #expect(!lines[2].contains("\n") && !lines[2].contains("\u{1B}"))
    }
}
