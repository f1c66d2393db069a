import Testing
import CoalitionWire

@Suite("XML-RPC round trips")
struct XMLRPCRoundTripTests {
    @Test("every scalar type survives encoder then decoder", arguments: [
        XMLRPCValue.int(0), .int(-1), .int(42), .int(Int64(Int32.max)), .int(Int64(Int32.min)),
        .int(Int64(Int32.max) + 1), .int(Int64(Int32.min) - 1), .int(.max), .int(.min),
        .bool(true), .bool(false),
        .string(""), .string("plain"), .string("  lead and trail  "), .string("tab\there\nnew line"),
        .string("<tag> & \"quotes\" 'apos' ]]>"), .string("été 日本語 🎬 Ωmega"),
        .double(0), .double(-2.5), .double(1371812345.127092), .double(1e20), .double(1e-7),
        .double(.infinity), .double(-.infinity),
        .dateTime("20240131T12:34:56"),
        .base64([]), .base64([0]), .base64([0, 1]), .base64(Array(0...255)),
    ])
    func scalar(_ value: XMLRPCValue) throws {
        #expect(try xmlrpcRoundTrip(value) == value)
    }

    @Test func notANumberRoundTrips() throws {
        let decoded = try xmlrpcRoundTrip(.double(.nan))
        guard case .double(let number) = decoded else {
            Issue.record("expected a double, got \(String(describing: decoded))")
            return
        }
        #expect(number.isNaN)
    }

    @Test func carriageReturnIsKept() throws {
        let text = "a\r\nb\rc\n"
        #expect(try xmlrpcRoundTrip(.string(text)) == .string(text))
        let encoded = String(decoding: XMLRPCEncoder.response(.string(text)), as: UTF8.self)
        #expect(encoded.contains("a&#13;\nb&#13;c"))
    }

    @Test func emptyContainers() throws {
        #expect(try xmlrpcRoundTrip(.array([])) == .array([]))
        #expect(try xmlrpcRoundTrip(.struct([:])) == .struct([:]))
        #expect(try xmlrpcRoundTrip(.array([.array([]), .struct([:])])) == .array([.array([]), .struct([:])]))
    }

    @Test func nestedStructuresKeepMemberOrder() throws {
        let job: XMLRPCValue = .struct([
            "ID": 2, "Title": "render <shot> & comp", "Children": [3, 4, 5],
            "Dependencies": .array([]), "StartTime": 1371812345.127092, "Active": true,
            "Nested": .struct(["z": "last", "a": .array([.struct(["deep": .base64([9, 8, 7])])])]),
        ])
        let value: XMLRPCValue = .struct(["Jobs": .array([job, job]), "Parents": [.struct(["ID": 0, "Title": "Root"])]])
        let decoded = try xmlrpcRoundTrip(value)
        #expect(decoded == value)
        #expect(decoded?[member: "Jobs"]?.arrayValue?.first?.structValue?.members.map(\.name)
            == ["ID", "Title", "Children", "Dependencies", "StartTime", "Active", "Nested"])
    }

    @Test func duplicateMembersAreKeptAndLastWins() throws {
        let call = try decodeXMLRPCCall(xmlrpcCallDocument(
            "<value><struct><member><name>a</name><value><int>1</int></value></member>"
                + "<member><name>a</name><value><int>2</int></value></member></struct></value>"))
        #expect(call.params[0].structValue?.count == 2)
        #expect(call.params[0][member: "a"] == .int(2))
    }

    @Test func manyParametersInOrder() throws {
        let params: [XMLRPCValue] = [0, "t", "echo hi", ".", 1000, 10, 60, "linux", [1, 2]]
        let call = try XMLRPCDecoder.decodeCall(XMLRPCEncoder.call(method: "addjob", params: params))
        #expect(call == XMLRPCMethodCall(methodName: "addjob", params: params))
    }

    @Test func callWithoutParams() throws {
        #expect(try decodeXMLRPCCall("<methodCall><methodName>getworkers</methodName></methodCall>")
            == XMLRPCMethodCall(methodName: "getworkers"))
        #expect(try decodeXMLRPCCall("<methodCall><methodName>getworkers</methodName><params/></methodCall>")
            == XMLRPCMethodCall(methodName: "getworkers"))
        #expect(try XMLRPCDecoder.decodeCall(XMLRPCEncoder.call(method: "getworkers", params: []))
            == XMLRPCMethodCall(methodName: "getworkers"))
    }

    @Test func responsesRoundTrip() throws {
        let value: XMLRPCValue = [-1, "", "", ""]
        #expect(try XMLRPCDecoder.decodeResponse(XMLRPCEncoder.response(value)) == .success(value))
        #expect(try XMLRPCDecoder.decodeResponse(XMLRPCEncoder.response("é&<>")) == .success("é&<>"))
    }

    @Test func faultShape() throws {
        let bytes = XMLRPCEncoder.fault(code: 8001, message: "procedure nope not found")
        #expect(String(decoding: bytes, as: UTF8.self) == "<?xml version='1.0'?><methodResponse><fault><value><struct>"
            + "<member><name>faultCode</name><value><int>8001</int></value></member>"
            + "<member><name>faultString</name><value><string>procedure nope not found</string></value></member>"
            + "</struct></value></fault></methodResponse>")
        #expect(try XMLRPCDecoder.decodeResponse(bytes) == .fault(code: 8001, message: "procedure nope not found"))
        let error = XMLRPCError.malformed("bad <thing> & more", line: 3)
        #expect(try XMLRPCDecoder.decodeResponse(XMLRPCEncoder.fault(error))
            == .fault(code: 8002, message: "line 3: bad <thing> & more"))
    }

    @Test func responseEnvelopeIsExact() {
        #expect(String(decoding: XMLRPCEncoder.response(.int(1)), as: UTF8.self)
            == "<?xml version='1.0'?><methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>")
        #expect(String(decoding: XMLRPCEncoder.response(.int(1 << 40)), as: UTF8.self).contains("<i8>1099511627776</i8>"))
        #expect(String(decoding: XMLRPCEncoder.response(.bool(true)), as: UTF8.self).contains("<boolean>1</boolean>"))
    }

    @Test func forbiddenCharactersBecomeReplacementCharacter() throws {
        let text = "a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i\u{7F}"
        let bytes = XMLRPCEncoder.response(.string(text))
        let decoded = try XMLRPCDecoder.decodeResponse(bytes)
        #expect(decoded == .success(.string("a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\u{FFFD}h\u{FFFD}i\u{7F}")))
        #expect(try xmlrpcRoundTrip(.struct(["k\u{1}ey": "v"])) == .struct(["k\u{FFFD}ey": "v"]))
    }

    @Test func nilIsDecodedButNeverEmitted() throws {
        let call = try decodeXMLRPCCall(
            "<methodCall><methodName>m</methodName><params><param><value><nil/></value></param>"
                + "<param><value><ex:nil/></value></param></params></methodCall>")
        #expect(call.params == [.nil, .nil])
        let encoded = String(decoding: XMLRPCEncoder.response(.array([.nil])), as: UTF8.self)
        #expect(!encoded.contains("nil"))
        #expect(try XMLRPCDecoder.decodeResponse(Array(encoded.utf8)) == .success([""]))
    }
}
