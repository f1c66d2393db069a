import Testing
import CoalitionWire

@Suite("XML-RPC hostile and malformed documents")
struct XMLRPCRefusalTests {
    @Test func billionLaughsIsRefusedQuicklyWithoutExpansion() {
        var document = "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            document += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        document += "]>\n" + xmlrpcCallDocument("<value><string>&lol9;</string></value>")
        var error: XMLRPCError?
        let seconds = xmlrpcSeconds { error = xmlrpcRefusal(document) }
        #expect(error?.faultCode == 8002)
        #expect(error?.message == "DTD not allowed")
        #expect(seconds < 5)  // a bound against blow-ups, generous for a loaded machine
    }

    @Test func externalEntityIsRefused() {
        let document = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + "<methodCall><methodName>&xxe;</methodName></methodCall>"
        #expect(xmlrpcRefusal(document)?.message == "DTD not allowed")
        let external = "<?xml version='1.0'?><!DOCTYPE methodCall SYSTEM \"http://127.0.0.1:9/x.dtd\">"
            + "<methodCall><methodName>m</methodName></methodCall>"
        #expect(xmlrpcRefusal(external)?.message == "DTD not allowed")
        #expect(xmlrpcRefusal("<!ENTITY x \"y\"><methodCall/>")?.message == "DTD not allowed")
    }

    @Test func undeclaredEntityIsRefused() {
        let error = xmlrpcRefusal(xmlrpcCallDocument("<value><string>&xxe;</string></value>"))
        #expect(error?.faultCode == 8002)
        #expect(error?.message.contains("xxe") == true)
    }

    @Test func tenThousandLevelsAreRefusedQuickly() {
        let depth = 10_000
        let document = xmlrpcCallDocument(
            String(repeating: "<value><array><data>", count: depth) + String(repeating: "</data></array></value>", count: depth))
        var error: XMLRPCError?
        let seconds = xmlrpcSeconds { error = xmlrpcRefusal(document) }
        #expect(error?.message.contains("nesting deeper than 64") == true)
        #expect(seconds < 5)  // a bound against blow-ups, generous for a loaded machine
        let structs = xmlrpcCallDocument(
            String(repeating: "<value><struct><member><name>a</name>", count: depth)
                + String(repeating: "</member></struct></value>", count: depth))
        #expect(xmlrpcRefusal(structs)?.message.contains("nesting deeper than 64") == true)
    }

    @Test func oversizedBodyIsRefusedBeforeParsing() {
        let padding = String(repeating: "x", count: 20 * 1024 * 1024)
        let document = xmlrpcCallDocument("<value><string>\(padding)</string></value>")
        var error: XMLRPCError?
        let seconds = xmlrpcSeconds { error = xmlrpcRefusal(document) }
        #expect(error?.message == "document larger than 16777216 bytes")
        #expect(seconds < 5)  // a bound against blow-ups, generous for a loaded machine
    }

    @Test func largeButAllowedStringIsAccepted() throws {
        let text = String(repeating: "abcdefgh", count: 12 * 1024 * 1024 / 8)
        let call = try decodeXMLRPCCall(xmlrpcCallDocument("<value><string>\(text)</string></value>"))
        #expect(call.params.first?.stringValue?.utf8.count == text.utf8.count)
    }

    @Test("unusable bodies are refused with fault 8002", arguments: [
        "", "   ", "not xml at all", "{\"json\": true}", "<methodCall>",
        "<?xml version='1.0'?><methodCall><methodName>m</methodName><params><param><value><int>1",
        "<methodCall><methodName>m</methodName></methodCall><methodCall/>",
        "<methodCall><methodName>m</methodName></methodCall>trailing",
        "<methodCall><methodName>m</methodName></methodcall>",
        "<methodResponse><params/></methodResponse>",
        "<html><body>hello</body></html>",
    ])
    func unusableBody(_ document: String) {
        let error = xmlrpcRefusal(document)
        #expect(error?.faultCode == 8002)
        #expect(error?.message.isEmpty == false)
    }

    @Test func nonUTF8IsRefused() {
        let latin1: [UInt8] = Array("<methodCall><methodName>m</methodName><params><param><value>".utf8)
            + [0xE9, 0x74, 0xE9] + Array("</value></param></params></methodCall>".utf8)
        #expect(xmlrpcRefusal(latin1)?.message.hasPrefix("invalid UTF-8 at byte") == true)
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<methodCall/>".utf8).flatMap { [$0, 0] }
        #expect(xmlrpcRefusal(utf16)?.message == "invalid UTF-8 at byte 0")
        #expect(xmlrpcRefusal([0xED, 0xA0, 0x80])?.message == "invalid UTF-8 at byte 0")  // a surrogate
        #expect(xmlrpcRefusal([0xC0, 0xAF])?.message == "invalid UTF-8 at byte 0")  // overlong
    }

    @Test func methodCallWithoutMethodName() {
        #expect(xmlrpcRefusal("<methodCall><params/></methodCall>")?.message.contains("without <methodName>") == true)
        #expect(xmlrpcRefusal("<methodCall/>")?.message.contains("without <methodName>") == true)
        #expect(xmlrpcRefusal("<methodCall><methodName> </methodName></methodCall>")?.message.contains("empty <methodName>") == true)
    }

    @Test("typed values that do not parse", arguments: [
        ("<int>zero</int>", "invalid int 'zero'"),
        ("<int>9223372036854775808</int>", "invalid int '9223372036854775808'"),
        ("<i4></i4>", "invalid i4 ''"),
        ("<i8>1.5</i8>", "invalid i8 '1.5'"),
        ("<boolean>true</boolean>", "invalid boolean 'true'"),
        ("<boolean>2</boolean>", "invalid boolean '2'"),
        ("<double>abc</double>", "invalid double 'abc'"),
        ("<double>0x1p3</double>", "invalid double '0x1p3'"),
        ("<base64>!!!!</base64>", "invalid base64 '!!!!'"),
        ("<base64>QQ=</base64>", "invalid base64 'QQ='"),
        ("<base64>QQ==QQ==</base64>", "invalid base64 'QQ==QQ=='"),
    ])
    func invalidTypedValue(_ valueXML: String, _ expected: String) {
        let error = xmlrpcRefusal(xmlrpcCallDocument("<value>\(valueXML)</value>"))
        #expect(error?.faultCode == 8002)
        #expect(error?.message.hasSuffix(expected) == true, "\(String(describing: error))")
    }

    @Test("misplaced elements and text", arguments: [
        "<value><foo>1</foo></value>",
        "<value>text<int>1</int></value>",
        "<value><int>1</int><int>2</int></value>",
        "<value><int><b>1</b></int></value>",
        "<value><struct><member><value><int>1</int></value></member></struct></value>",
        "<value><struct>stray<member/></struct></value>",
        "<value><array><data><int>1</int></data></array></value>",
        "<value><nil>x</nil></value>",
        "<value><params/></value>",
    ])
    func misplaced(_ valueXML: String) {
        #expect(xmlrpcRefusal(xmlrpcCallDocument(valueXML))?.faultCode == 8002)
    }

    @Test func errorMessagesNameTheProblemAndLine() {
        let document = "<?xml version='1.0'?>\n<methodCall>\n<foo/>\n</methodCall>"
        #expect(xmlrpcRefusal(document)?.message == "line 3: unexpected element <foo> in <methodCall>")
        let zero = "<methodCall>\n<methodName>m</methodName>\n<params><param><value><int>zero</int></value></param></params></methodCall>"
        #expect(xmlrpcRefusal(zero)?.message == "line 3: invalid int 'zero'")
        let broken = "<methodCall>\n<methodName>m</methodName>\n<params></param></methodCall>"
        #expect(xmlrpcRefusal(broken)?.message.hasPrefix("line 3: ") == true)
    }

    @Test func unknownMethodFault() {
        let error = XMLRPCError.unknownMethod("frobnicate")
        #expect(error.faultCode == 8001)
        #expect(error.message == "procedure frobnicate not found")
    }
}
