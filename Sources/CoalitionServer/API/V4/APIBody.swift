import CoalitionCore
import Foundation

/// A decoded JSON value of a request body. Decoded with Foundation's `JSONDecoder`, which
/// keeps booleans, integers and other numbers apart.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// An integer: a JSON integer, or a string of decimal digits (v4 applies `int()`).
    var integer: Int? {
        switch self {
        case .int(let i): return i
        case .string(let s): return FarmText.integer(s)
        default: return nil
        }
    }

    /// A 0/1 flag: a boolean or an integer.
    var flag: Bool? {
        if case .bool(let b) = self { return b }
        return integer.map { $0 != 0 }
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// A request body: empty means "nothing given" (v4 reads `{}`).
struct APIBody {
    let value: JSONValue?

    init(_ bytes: [UInt8]) throws(APIError) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            value = nil
            return
        }
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw .bad("malformed JSON body")
        }
    }

    func object(_ what: String) throws(APIError) -> [String: JSONValue] {
        guard let value else { return [:] }
        guard case .object(let o) = value else { throw .bad("\(what): expected a JSON object") }
        return o
    }

    func array(_ what: String) throws(APIError) -> [JSONValue] {
        guard let value else { return [] }
        guard case .array(let a) = value else { throw .bad("\(what): expected a JSON array") }
        return a
    }
}
