import Testing
import CoalitionWire

/// Documents written the way real clients (Python's xmlrpc.client and others) write them.
@Suite("XML-RPC decoding of client documents")
struct XMLRPCDecodingTests {
    @Test func pythonStyleCall() throws {
        let document = """
            <?xml version='1.0'?>
            <methodCall>
            <methodName>addjob</methodName>
            <params>
            <param>
            <value><int>0</int></value>
            </param>
            <param>
            <value><string>My job</string></value>
            </param>
            <param>
            <value><i4>-7</i4></value>
            </param>
            <param>
            <value><double>2.5</double></value>
            </param>
            <param>
            <value><array><data>
            <value><int>1</int></value>
            <value><int>2</int></value>
            </data></array></value>
            </param>
            <param>
            <value><struct>
            <member>
            <name>k</name>
            <value><boolean>1</boolean></value>
            </member>
            </struct></value>
            </param>
            </params>
            </methodCall>

            """
        let call = try decodeXMLRPCCall(document)
        #expect(call.methodName == "addjob")
        #expect(call.params == [0, "My job", -7, 2.5, [1, 2], .struct(["k": true])])
    }

    @Test func untypedValueKeepsWhitespace() throws {
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value>  spaced  text\n</value>")).params == ["  spaced  text\n"])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value></value>")).params == [""])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value/>")).params == [""])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value>   </value>")).params == ["   "])
    }

    @Test func typedStringKeepsWhitespaceAndTypedValuesIgnoreIndentation() throws {
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><string> \t </string></value>")).params == [" \t "])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value>\n  <string>x</string>\n</value>")).params == ["x"])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><string/></value>")).params == [""])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><int> 12 </int></value>")).params == [12])
    }

    @Test func entitiesAndCharacterReferences() throws {
        let call = try decodeXMLRPCCall(xmlrpcCallDocument(
            "<value><string>&lt;&gt;&amp;&quot;&apos;&#233;&#x1F3AC;</string></value>"))
        #expect(call.params == ["<>&\"'é🎬"])
    }

    @Test func cdataCommentsAndProcessingInstructions() throws {
        let call = try decodeXMLRPCCall(
            "<?xml version='1.0'?><!-- c --><methodCall><?pi x?><methodName>m</methodName><params><param>"
                + "<value><string>a<![CDATA[<b>&]]><!-- <!DOCTYPE x> -->c</string></value></param></params></methodCall><!-- end -->")
        #expect(call.params == ["a<b>&c"])
    }

    @Test func largeIntegersAndBounds() throws {
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><i8>9223372036854775807</i8></value>")).params == [.int(.max)])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><i8>-9223372036854775808</i8></value>")).params == [.int(.min)])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><int>+5</int></value>")).params == [5])
    }

    @Test func doublesAndBooleans() throws {
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><double>1e+20</double></value>")).params == [1e20])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><double>-inf</double></value>")).params == [.double(-.infinity)])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><double>7</double></value>")).params == [7.0])
        #expect(try decodeXMLRPCCall(xmlrpcCallDocument("<value><boolean>0</boolean></value>")).params == [false])
    }

    @Test func base64IgnoresLineBreaks() throws {
        let call = try decodeXMLRPCCall(xmlrpcCallDocument("<value><base64>aGVs\nbG8g\r\nd29y bGQ=\n</base64></value>"))
        #expect(call.params == [.base64(Array("hello world".utf8))])
    }

    @Test func arrayWithoutDataAndMethodNameWhitespace() throws {
        let call = try decodeXMLRPCCall(
            "<methodCall><methodName>\n pickjob \n</methodName><params><param><value><array>"
                + "<value><int>1</int></value></array></value></param></params></methodCall>")
        #expect(call == XMLRPCMethodCall(methodName: "pickjob", params: [[1]]))
    }

    @Test func dateTimeTextIsKept() throws {
        let call = try decodeXMLRPCCall(xmlrpcCallDocument("<value><dateTime.iso8601> 19980717T14:08:55 </dateTime.iso8601></value>"))
        #expect(call.params == [.dateTime("19980717T14:08:55")])
    }

    @Test func declaredEncodingIsIgnoredAndBytesReadAsUTF8() throws {
        let document = "<?xml version='1.0' encoding='ISO-8859-1'?>" + xmlrpcCallDocument("<value>été</value>")
            .dropFirst("<?xml version='1.0'?>".count)
        #expect(try decodeXMLRPCCall(document).params == ["été"])
        let withBOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(xmlrpcCallDocument("<value>x</value>").utf8)
        #expect(try XMLRPCDecoder.decodeCall(withBOM).params == ["x"])
    }

    @Test func depthLimitBoundary() throws {
        func nested(_ levels: Int) -> String {
            String(repeating: "<value><array><data>", count: levels - 1) + "<value><int>1</int></value>"
                + String(repeating: "</data></array></value>", count: levels - 1)
        }
        #expect(throws: Never.self) { try decodeXMLRPCCall(xmlrpcCallDocument(nested(64))) }
        #expect(xmlrpcRefusal(xmlrpcCallDocument(nested(65)))?.message.contains("nesting deeper than 64") == true)
        let tight = XMLRPCLimits(maxBytes: 1 << 20, maxDepth: 3)
        #expect(throws: XMLRPCError.self) {
            try XMLRPCDecoder.decodeCall(Array(xmlrpcCallDocument(nested(4)).utf8), limits: tight)
        }
    }

    @Test func concurrentDecodingIsIndependent() async throws {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let value: XMLRPCValue = .struct(["i": .int(Int64(index)), "s": .string(String(repeating: "x", count: index))])
                    for _ in 0..<50 {
                        guard (try? xmlrpcRoundTrip(value)) == value else { return false }
                        guard xmlrpcRefusal("<methodCall><oops") != nil else { return false }
                    }
                    return true
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32 && results.allSatisfy { $0 })
    }
}
