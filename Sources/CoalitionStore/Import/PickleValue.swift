/// A value read from a Python 2 pickle, limited to the kinds the original Coalition v3
/// server writes in its `master_db`.
public indirect enum PickleValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    /// A Python 2 `str`: bytes, usually UTF-8 text.
    case bytes([UInt8])
    /// A Python 2 `unicode`.
    case unicode(String)
    case list([PickleValue])
    case tuple([PickleValue])
    /// A `dict`, entries in file order.
    case dict([PickleDictEntry])
    /// An instance of an old-style class, with its attribute dictionary.
    case instance(PickleInstance)

    /// The entries when this is a dict.
    public var dictEntries: [PickleDictEntry]? {
        if case .dict(let entries) = self { return entries }
        return nil
    }

    /// A short name of the kind, for messages (never the content: it may be huge).
    public var kindName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .bytes: "str"
        case .unicode: "unicode"
        case .list: "list"
        case .tuple: "tuple"
        case .dict: "dict"
        case .instance(let i): i.module + "." + i.name
        }
    }
}

/// One `key: value` of a pickled dict.
public struct PickleDictEntry: Sendable, Equatable {
    public var key: PickleValue
    public var value: PickleValue

    public init(key: PickleValue, value: PickleValue) {
        self.key = key
        self.value = value
    }
}

/// An old-style class instance (`INST` then `BUILD`).
public struct PickleInstance: Sendable, Equatable {
    public var module: String
    public var name: String
    /// The instance's `__dict__`, entries in file order.
    public var attributes: [PickleDictEntry]

    public init(module: String, name: String, attributes: [PickleDictEntry]) {
        self.module = module
        self.name = name
        self.attributes = attributes
    }
}
