import CoalitionCore
import CoalitionWire
import Hummingbird

extension RESTAPI {
    /// The parsed `where_clause`; anything outside the predicate language is a 400.
    static func predicate(_ q: FormParameters) throws(APIError) -> WherePredicate {
        guard let text = q["where_clause"] else { throw .bad("where_clause is required") }
        do {
            return try WhereParser.parse(text, columns: V4JobRow.whereColumns)
        } catch {
            throw .bad("where_clause: \(error.description)")
        }
    }

    /// `GET /api/jobs/where/?where_clause=…&min=M&max=N`: matching jobs in id order, as
    /// v4's `LIMIT min,max` (skip `min`, then at most `max`).
    func jobsWhere(_ q: FormParameters) async throws(APIError) -> Response {
        let predicate = try Self.predicate(q)
        func bound(_ name: String, _ fallback: Int) throws(APIError) -> Int {
            guard let raw = q[name] else { return fallback }
            guard let v = FarmText.integer(raw), v >= 0 else { throw .bad("\(name): expected a non-negative integer") }
            return v
        }
        let skip = try bound("min", 0)
        let limit = try bound("max", 1)
        let bytes = await service.read { farm, now in
            var rows: [V4JobRow] = []
            var matched = 0
            V4Walk.rows(farm: farm, affinities: V4Affinities(farm: farm), now: now) { row in
                guard rows.count < limit, row.matches(predicate) else { return }
                matched += 1
                if matched > skip { rows.append(row) }
            }
            return V4Tables.jobs(rows)
        }
        return Answer.json(bytes)
    }

    /// `GET /api/jobs/count/where/?where_clause=…`: the number of matching jobs.
    func countWhere(_ q: FormParameters) async throws(APIError) -> Response {
        let predicate = try Self.predicate(q)
        let count = await service.read { farm, now in
            var n = 0
            V4Walk.rows(farm: farm, affinities: V4Affinities(farm: farm), now: now) { row in
                if row.matches(predicate) { n += 1 }
            }
            return n
        }
        return Answer.json(Array(String(count).utf8))
    }
}
