import Testing
import CoalitionWire

@Suite("XML-RPC value accessors")
struct XMLRPCAccessorTests {
    @Test func intValueAcceptsIntsBoolsAndDecimalStrings() {
        #expect(XMLRPCValue.int(7).intValue == 7)
        #expect(XMLRPCValue.bool(true).intValue == 1)
        #expect(XMLRPCValue.string("42").intValue == 42)
        #expect(XMLRPCValue.string(" -3 ").intValue == -3)
        #expect(XMLRPCValue.string("4x").intValue == nil)
        #expect(XMLRPCValue.string("").intValue == nil)
        #expect(XMLRPCValue.string("99999999999999999999").intValue == nil)
        #expect(XMLRPCValue.double(1).intValue == nil)
        #expect(XMLRPCValue.array([]).intValue == nil)
    }

    @Test func otherScalars() {
        #expect(XMLRPCValue.int(3).doubleValue == 3)
        #expect(XMLRPCValue.string("2.5").doubleValue == 2.5)
        #expect(XMLRPCValue.int(1).boolValue == true)
        #expect(XMLRPCValue.int(2).boolValue == nil)
        #expect(XMLRPCValue.string("x").stringValue == "x")
        #expect(XMLRPCValue.int(1).stringValue == nil)
        #expect(XMLRPCValue.nil.isNil)
        #expect(!XMLRPCValue.string("").isNil)
    }

    @Test func intListShapes() {
        #expect(XMLRPCValue.array([1, "2", 3]).intList == [1, 2, 3])
        #expect(XMLRPCValue.array([1, "x"]).intList == nil)
        #expect(XMLRPCValue.string("3, 4 12;7").intList == [3, 4, 12, 7])
        #expect(XMLRPCValue.string("").intList == [])
        #expect(XMLRPCValue.string("1 99999999999999999999 2").intList == [1, 2])
        #expect(XMLRPCValue.int(5).intList == [5])
        #expect(XMLRPCValue.struct([:]).intList == nil)
    }

    @Test func stringListShapes() {
        #expect(XMLRPCValue.array(["a", "b"]).stringList == ["a", "b"])
        #expect(XMLRPCValue.array(["a", 1]).stringList == nil)
        #expect(XMLRPCValue.string("w1").stringList == ["w1"])
        #expect(XMLRPCValue.int(1).stringList == nil)
    }

    @Test func structLookup() {
        var members: XMLRPCStruct = ["ID": 1, "Title": "Root"]
        members.append("ID", 2)
        let value = XMLRPCValue.struct(members)
        #expect(value[member: "ID"] == 2)
        #expect(value[member: "Title"]?.stringValue == "Root")
        #expect(value[member: "missing"] == nil)
        #expect(XMLRPCValue.int(1)[member: "ID"] == nil)
        #expect(members.map(\.name) == ["ID", "Title", "ID"])
        #expect(XMLRPCStruct([("a", XMLRPCValue.int(1))]) == ["a": 1])
    }
}
