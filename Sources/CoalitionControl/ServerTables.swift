/// One row of a server table (`getjobs`, `getworkers`, `getactivities`), addressed by
/// column name so the tool does not depend on the column order.
struct TableRow: Sendable {
    /// Column names and values, in the server's `Vars` order.
    let fields: [(String, JSONValue)]

    subscript(name: String) -> JSONValue {
        fields.first { $0.0 == name }?.1 ?? .null
    }

    func string(_ name: String) -> String {
        switch self[name] {
        case .string(let s): return s
        case .null: return ""
        case let other: return other.text
        }
    }

    func int(_ name: String) -> Int64? { self[name].intValue }
    func double(_ name: String) -> Double? { self[name].doubleValue }

    /// The row as a JSON object with the server's column names, in column order.
    var json: JSONValue { .object(fields) }
}

/// One breadcrumb entry of a `getjobs` answer.
struct JobReference: Equatable, Sendable {
    let id: Int64
    let title: String

    var json: JSONValue { .object([("ID", .int(id)), ("Title", .string(title))]) }
}

/// A decoded `getjobs` answer: direct children of the viewed job, and the breadcrumb
/// from the root down to (and including) the viewed job.
struct JobListing: Sendable {
    let jobs: [TableRow]
    let parents: [JobReference]
}

/// Decoding of the server's `{"Vars":[...],"<rows>":[[...],...]}` tables.
enum ServerTables {
    /// Turns an answer body into rows; `rowsKey` is `Jobs`, `Workers` or `Activities`.
    static func rows(in answer: JSONValue, rowsKey: String) throws -> [TableRow] {
        guard let vars = answer["Vars"]?.arrayValue,
              let rows = answer[rowsKey]?.arrayValue else {
            throw ControlError.failure("unexpected answer from the server: no \"Vars\"/\"\(rowsKey)\" table")
        }
        let names = try vars.map { value -> String in
            guard let name = value.stringValue else {
                throw ControlError.failure("unexpected answer from the server: bad column name \(value.text)")
            }
            return name
        }
        return try rows.map { row in
            guard let cells = row.arrayValue, cells.count == names.count else {
                throw ControlError.failure("unexpected answer from the server: a row does not match its columns")
            }
            return TableRow(fields: Array(zip(names, cells)))
        }
    }

    /// Decodes a full `getjobs` answer.
    static func jobListing(_ answer: JSONValue) throws -> JobListing {
        var jobs = try rows(in: answer, rowsKey: "Jobs")
        // `getjobs?extra=1` carries the scheduling rules as a second table, row for row.
        if let rules = answer["Rules"], let extra = try? rows(in: rules, rowsKey: "Jobs"), extra.count == jobs.count {
            jobs = zip(jobs, extra).map { TableRow(fields: $0.fields + $1.fields) }
        }
        guard let crumbs = answer["Parents"]?.arrayValue else {
            throw ControlError.failure("unexpected answer from the server: no \"Parents\" in the job list")
        }
        let parents = try crumbs.map { crumb -> JobReference in
            guard let id = crumb["ID"]?.intValue else {
                throw ControlError.failure("unexpected answer from the server: bad breadcrumb \(crumb.text)")
            }
            return JobReference(id: id, title: crumb["Title"]?.stringValue ?? "")
        }
        return JobListing(jobs: jobs, parents: parents)
    }
}
