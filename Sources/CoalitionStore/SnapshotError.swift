/// Why a snapshot could not be read or written.
public enum SnapshotError: Error, Equatable, CustomStringConvertible, Sendable {
    case notASnapshot
    case unsupportedVersion(UInt32)
    case truncated
    case checksumMismatch
    case damaged(String)
    case io(String)

    public var description: String {
        switch self {
        case .notASnapshot: return "not a coalition snapshot"
        case .unsupportedVersion(let v): return "unsupported snapshot version \(v)"
        case .truncated: return "truncated"
        case .checksumMismatch: return "checksum mismatch (damaged)"
        case .damaged(let why): return "damaged: \(why)"
        case .io(let why): return why
        }
    }
}
