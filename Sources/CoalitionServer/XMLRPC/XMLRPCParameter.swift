import CoalitionWire

/// One positional parameter of an XML-RPC method: its name (used in fault messages
/// and `system.methodHelp`) and the shapes it accepts.
struct XMLRPCParameter: Sendable {
    /// The accepted shapes; each maps to one XML-RPC type name for `system.methodSignature`.
    enum Kind: Sendable {
        /// `<int>`, a decimal string, a boolean, or an integral double (v2 applied `int()`).
        case int
        /// `<string>`; numbers are taken as their decimal text (v2 applied `str()`).
        case string
        /// A string or an int, for parameters that v2 accepted as either (addjob's `parent`,
        /// updatejobs' `value`).
        case scalar
        /// An array of ints, a single int, or a string read as its digit runs.
        case intList
        /// An array of strings, or a single string.
        case stringList
        /// A `<struct>`.
        case `struct`
        /// Anything (a worker's load, an ignored argument); its signature type is given
        /// with the parameter.
        case any

        /// The XML-RPC type name shown by `system.methodSignature`.
        var signatureName: String {
            switch self {
            case .int: "int"
            case .string: "string"
            case .scalar: "string"
            case .intList, .stringList: "array"
            case .struct: "struct"
            case .any: "string"
            }
        }
    }

    let name: String
    let kind: Kind
    /// The type `system.methodSignature` shows.
    let signatureName: String

    init(_ name: String, _ kind: Kind, signature: String? = nil) {
        self.name = name
        self.kind = kind
        self.signatureName = signature ?? kind.signatureName
    }
}
