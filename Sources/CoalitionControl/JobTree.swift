/// The job tree below one job, fetched with one `getjobs` per group.
struct JobTree: Sendable {
    let row: TableRow?
    let reference: JobReference
    let children: [JobTree]

    /// Fetches the subtree of `id` (whose row is `row`, nil for the root).
    static func fetch(_ reference: JobReference, row: TableRow?, api: CoalitionAPI) async throws -> JobTree {
        let isGroup = row.map { ($0.int("Total") ?? 0) > 0 } ?? true
        var children: [JobTree] = []
        if isGroup {
            let listing = try await api.jobs(in: reference.id)
            // A job removed meanwhile makes the server answer with the root's children.
            if listing.parents.last?.id == reference.id {
                for child in listing.jobs {
                    let childReference = JobReference(id: child.int("ID") ?? -1, title: child.string("Title"))
                    children.append(try await fetch(childReference, row: child, api: api))
                }
            }
        }
        return JobTree(row: row, reference: reference, children: children)
    }

    /// The tree as JSON: the job's fields (only ID and Title for the root) plus `Children`.
    var json: JSONValue {
        let fields = row?.fields ?? [("ID", .int(reference.id)), ("Title", .string(reference.title))]
        return .object(fields + [("Children", .array(children.map(\.json)))])
    }

    /// The tree as an aligned table, titles indented with tree branches.
    func table() -> TextTable {
        var table = TextTable([
            .init(title: "ID", rightAligned: true),
            .init(title: "TITLE", maximumWidth: 60),
            .init(title: "STATE"),
            .init(title: "PROGRESS", rightAligned: true),
            .init(title: "PRIORITY", rightAligned: true),
            .init(title: "WORKER"),
            .init(title: "DURATION", rightAligned: true),
        ])
        appendRows(to: &table, prefix: "", branch: "")
        return table
    }

    private func appendRows(to table: inout TextTable, prefix: String, branch: String) {
        let title = branch + TextTable.printable(reference.title)
        if let row {
            table.append([
                String(reference.id), title, row.string("State"), ValueFormatting.progress(of: row),
                row.string("Priority"), row.string("Worker"), ValueFormatting.duration(row.double("Duration")),
            ])
        } else {
            table.append([String(reference.id), title, "", "", "", "", ""])
        }
        for (n, child) in children.enumerated() {
            let isLast = n == children.count - 1
            child.appendRows(to: &table, prefix: prefix + (isLast ? "   " : "│  "),
                             branch: prefix + (isLast ? "└─ " : "├─ "))
        }
    }
}
