/// Works out what part of a growing log has not been shown yet.
///
/// The server only appends to a log, except on reset, which deletes it; a log that no
/// longer starts with what was shown is therefore shown again from the start.
struct LogFollower: Sendable {
    private(set) var shown = ""

    /// The text to print for the log's new content, and whether the log restarted.
    mutating func advance(to log: String) -> (text: String, restarted: Bool) {
        if log.utf8.starts(with: shown.utf8) {
            let tail = String(decoding: log.utf8.dropFirst(shown.utf8.count), as: UTF8.self)
            shown = log
            return (tail, false)
        }
        shown = log
        return (log, true)
    }
}
