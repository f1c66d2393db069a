/// The members of an XML-RPC `<struct>`, in document order.
///
/// Order is kept so that an answer is encoded exactly as it was built and a
/// decoded request can be inspected as sent. Duplicate names are kept as well;
/// lookups by name return the last one, as a Python `dict` would.
public struct XMLRPCStruct: Sendable, Equatable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One `<member>`: a name and its value.
    public struct Member: Sendable, Equatable {
        /// The `<name>` text, exactly as sent.
        public var name: String
        /// The member's value.
        public var value: XMLRPCValue

        /// Creates a member.
        public init(name: String, value: XMLRPCValue) {
            self.name = name
            self.value = value
        }
    }

    /// The members in order.
    public var members: [Member]

    /// Creates a struct from members in order.
    public init(_ members: [Member] = []) {
        self.members = members
    }

    /// Creates a struct from `(name, value)` pairs in order.
    public init(_ pairs: [(String, XMLRPCValue)]) {
        self.members = pairs.map { Member(name: $0.0, value: $0.1) }
    }

    /// Creates a struct from a literal; the literal's order is kept.
    public init(dictionaryLiteral elements: (String, XMLRPCValue)...) {
        self.init(elements)
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The value of the last member called `name`, if any.
    public subscript(name: String) -> XMLRPCValue? {
        members.last(where: { $0.name == name })?.value
    }

    /// Appends a member at the end.
    public mutating func append(_ name: String, _ value: XMLRPCValue) {
        members.append(Member(name: name, value: value))
    }
}
