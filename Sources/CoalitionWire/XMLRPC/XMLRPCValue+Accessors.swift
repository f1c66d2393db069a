/// Lenient readers used when dispatching method parameters.
///
/// The original server converted parameters with Python's `int()`/`str()`, so
/// old scripts send numbers as strings and lists in several shapes; these
/// accessors accept exactly those shapes and answer `nil` for anything else.
extension XMLRPCValue {
    /// An integer from `.int`, `.bool` (0/1) or a string holding an optionally
    /// signed decimal number surrounded by optional whitespace.
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .string(let text): return XMLRPCScalars.parseInt(text)
        default: return nil
        }
    }

    /// A floating-point number from `.double`, `.int` or a decimal string.
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        case .string(let text): return XMLRPCScalars.parseDouble(text)
        default: return nil
        }
    }

    /// A boolean from `.bool` or an integer 0/1.
    public var boolValue: Bool? {
        switch self {
        case .bool(let value): return value
        case .int(0): return false
        case .int(1): return true
        default: return nil
        }
    }

    /// The text of a `.string` value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The elements of an `.array` value.
    public var arrayValue: [XMLRPCValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of a `.struct` value.
    public var structValue: XMLRPCStruct? {
        if case .struct(let members) = self { return members }
        return nil
    }

    /// Whether this is `.nil`.
    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }

    /// A list of integers, as scripts send job IDs and dependencies: an array
    /// whose every element has an `intValue`, a single integer, or a string
    /// read as its runs of decimal digits (`"3, 4 12"` → `[3, 4, 12]`; runs too
    /// large for 64 bits are skipped). Any other shape answers `nil`.
    public var intList: [Int64]? {
        switch self {
        case .int(let value):
            return [value]
        case .string(let text):
            return XMLRPCScalars.digitRuns(text)
        case .array(let elements):
            var result: [Int64] = []
            result.reserveCapacity(elements.count)
            for element in elements {
                guard let value = element.intValue else { return nil }
                result.append(value)
            }
            return result
        default:
            return nil
        }
    }

    /// A list of strings: an array of `.string` values, or a single string
    /// taken as a one-element list.
    public var stringList: [String]? {
        switch self {
        case .string(let text):
            return [text]
        case .array(let elements):
            var result: [String] = []
            result.reserveCapacity(elements.count)
            for element in elements {
                guard let text = element.stringValue else { return nil }
                result.append(text)
            }
            return result
        default:
            return nil
        }
    }

    /// The value of member `name` when this is a `.struct`.
    public subscript(member name: String) -> XMLRPCValue? {
        structValue?[name]
    }
}
