/// A part of a log as `getlog?offset=` answers it: the text of bytes `start..<end`.
struct LogPart: Sendable, Equatable {
    let text: String
    let start: Int64
    let end: Int64
}

/// Follows a log by byte offsets, so that each request carries only what is new.
///
/// The server only appends to a log, except on reset, which deletes it: an answer that
/// ends before the offset asked for means the log restarted, and it is read again from 0.
struct LogCursor: Sendable {
    /// The offset to ask for next.
    private(set) var offset: Int64 = 0

    enum Step: Equatable {
        /// New text to print.
        case text(String)
        /// The log restarted: ask again from `offset` (0).
        case restarted
    }

    /// What to do with the answer to a request from `offset`.
    mutating func accept(_ part: LogPart) -> Step {
        if part.end < offset {
            offset = 0
            return .restarted
        }
        offset = part.end
        return .text(part.text)
    }
}
