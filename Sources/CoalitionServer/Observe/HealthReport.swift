/// The body of `GET /healthz`: small, fixed fields, read without walking the farm.
struct HealthReport: Sendable, Equatable {
    var uptime: Double
    var jobs: Int
    var workers: Int
    /// Seconds since the state was last made durable (snapshot written).
    var sinceSave: Double

    /// `{"status":"ok","version":"…","uptime":…,"jobs":…,"workers":…,"since_save":…}`
    func json(version: String) -> String {
        "{\"status\":\"ok\",\"version\":\"\(version)\",\"uptime\":\(EventLine.format3(uptime)),\"jobs\":\(jobs),"
            + "\"workers\":\(workers),\"since_save\":\(EventLine.format3(sinceSave))}"
    }

    /// The body answered with 503 while the server is still loading its state.
    static let loadingJSON = "{\"status\":\"loading\"}"
}
