import CoalitionWire
import Testing

@Suite struct PythonLiteralParserTests {
    private func strings(_ values: [PythonLiteral]) -> [String?] { values.map(\.text) }

    @Test func originalV3JobAnswer() throws {
        let values = try PythonLiteralParser.parseTuple("7,'render -f 12','/mnt/proj',\"\",'None'")
        #expect(values == [.int(7), .string(Array("render -f 12".utf8)), .string(Array("/mnt/proj".utf8)),
                           .string([]), .string(Array("None".utf8))])
    }

    @Test func noJobAnswer() throws {
        let values = try PythonLiteralParser.parseTuple("-1,\"\",\"\",\"\",None")
        #expect(values == [.int(-1), .string([]), .string([]), .string([]), .none])
    }

    @Test func v4AnswersWithParenthesesPrefixesAndSpaces() throws {
        #expect(strings(try PythonLiteralParser.parseTuple("(7, u'render', u'.', u'', u'')"))
                == ["7", "render", ".", "", ""])
        #expect(try PythonLiteralParser.parseTuple("(-1, '', '', '', None)")
                == [.int(-1), .string([]), .string([]), .string([]), .none])
        #expect(try PythonLiteralParser.parseTuple(" ( 3L , b'x' , U\"y\" , ) \n")
                == [.int(3), .string([0x78]), .string([0x79])])
    }

    @Test func doubleQuotesAroundSingleQuote() throws {
        #expect(strings(try PythonLiteralParser.parseTuple("3,\"echo it's\",'.','bob','A=1\\\\nB=2'"))
                == ["3", "echo it's", ".", "bob", "A=1\\nB=2"])
    }

    @Test func everyEscape() throws {
        let value = try PythonLiteralParser.parseValue(#"'\\ \' \" \n \r \t \a \b \f \v \x41 \101 \0 \7'"#)
        #expect(value == .string(Array("\\ ' \" \n \r \t \u{07} \u{08} \u{0C} \u{0B} A A \u{00} \u{07}".utf8)))
    }

    @Test func rawBytesFromHexEscapesAreKept() throws {
        // Python 2 repr of the UTF-8 bytes of "é".
        let value = try PythonLiteralParser.parseValue(#"'caf\xc3\xa9'"#)
        #expect(value == .string([0x63, 0x61, 0x66, 0xC3, 0xA9]))
        #expect(value.text == "café")
    }

    @Test func unicodeEscapesInTextButNotInBytes() throws {
        #expect(try PythonLiteralParser.parseValue(#"u'\u00e9\U0001F600'"#).text == "é😀")
        #expect(try PythonLiteralParser.parseValue(#"'\u00e9'"#).text == "é")
        #expect(try PythonLiteralParser.parseValue(#"b'\u00e9'"#).text == #"\u00e9"#)
    }

    @Test func rawStringsKeepBackslashes() throws {
        #expect(try PythonLiteralParser.parseValue(#"r'a\nb\'c'"#).text == #"a\nb\'c"#)
    }

    @Test func unknownEscapeIsKeptAsWritten() throws {
        #expect(try PythonLiteralParser.parseValue(#"'C:\proj\q'"#).text == #"C:\proj\q"#)
    }

    @Test func integerLimits() throws {
        #expect(try PythonLiteralParser.parseValue("9223372036854775807") == .int(Int64.max))
        #expect(try PythonLiteralParser.parseValue("-9223372036854775808") == .int(Int64.min))
        #expect(throws: PythonLiteralError.self) { try PythonLiteralParser.parseValue("9223372036854775808") }
        #expect(throws: PythonLiteralError.self) { try PythonLiteralParser.parseValue("99999999999999999999999") }
    }

    @Test(arguments: [
        "", "(", "7,'abc", "7,'a\nb'", "7,'x' junk", "Nonesuch", "7,,'x'", "'\\x4'", "u'\\ud800'",
        "<html>500 Internal Server Error</html>", "(1,2", "1 2", "q'x'",
    ])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: PythonLiteralError.self) { try PythonLiteralParser.parseTuple(text) }
    }

    @Test func errorsSayWhere() {
        do {
            _ = try PythonLiteralParser.parseTuple("7,'abc")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("unterminated string"))
            #expect(error.offset == 2)
        }
    }
}
