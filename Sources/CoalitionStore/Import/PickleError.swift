/// Why a pickle was refused. Every case names the byte offset where reading stopped.
public enum PickleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data ends before the pickle does.
    case truncated(offset: Int)
    /// An opcode the original server never writes (binary protocols, globals, reduce…).
    case unsupportedOpcode(UInt8, offset: Int)
    /// An opcode whose argument or stack shape is wrong.
    case malformed(String, offset: Int)
    /// A limit (nesting depth, size) was exceeded.
    case limit(String, offset: Int)

    public var description: String {
        switch self {
        case .truncated(let o): "truncated pickle (data ends at byte \(o))"
        case .unsupportedOpcode(let op, let o):
            "opcode \(Self.show(op)) at byte \(o) is not one the original Coalition writes"
        case .malformed(let why, let o): "malformed pickle at byte \(o): \(why)"
        case .limit(let why, let o): "pickle refused at byte \(o): \(why)"
        }
    }

    static func show(_ byte: UInt8) -> String {
        let hex = "0x" + String(byte, radix: 16, uppercase: true)
        return (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))' (\(hex))" : hex
    }
}
