/// Who sent a request, for the event log.
struct RequestOrigin: Sendable {
    /// The HTTP Basic login ("" without authentication).
    var login = ""
    var path = ""
    var peer = ""
}
