/// Text and JSON renderings of jobs.
enum JobViews {
    /// The breadcrumb as `0 Root > 3 Render > 7 Frame 1`.
    static func breadcrumb(_ path: [JobReference]) -> String {
        path.map { "\($0.id) \(TextTable.printable($0.title))" }.joined(separator: " > ")
    }

    /// The `list` table: one line per job.
    static func table(_ jobs: [TableRow]) -> TextTable {
        var table = TextTable([
            .init(title: "ID", rightAligned: true),
            .init(title: "TITLE", maximumWidth: 40),
            .init(title: "STATE"),
            .init(title: "PROGRESS", rightAligned: true),
            .init(title: "PRIORITY", rightAligned: true),
            .init(title: "TRY", rightAligned: true),
            .init(title: "WORKER"),
            .init(title: "DURATION", rightAligned: true),
            .init(title: "AFFINITY", maximumWidth: 24),
            .init(title: "COMMAND", maximumWidth: 60),
        ])
        for job in jobs {
            table.append([
                job.string("ID"), job.string("Title"), job.string("State"),
                ValueFormatting.progress(of: job), job.string("Priority"),
                "\(job.string("Try"))/\(job.string("Retry"))", job.string("Worker"),
                ValueFormatting.duration(job.double("Duration")), job.string("Affinity"),
                job.string("Command"),
            ])
        }
        return table
    }

    /// The `show` block: every field on its own line.
    static func details(_ job: TableRow, path: [JobReference]) -> [String] {
        var lines: [(String, String)] = [("Path", breadcrumb(path))]
        for (name, value) in job.fields {
            let text: String
            switch name {
            case "StartTime": text = ValueFormatting.time(value.doubleValue)
            case "Duration": text = ValueFormatting.duration(value.doubleValue)
            case "LocalProgress", "GlobalProgress": text = ValueFormatting.percent(value.doubleValue)
            case "Dependencies": text = ValueFormatting.idList(value)
            case "ForgiveTime" where value.intValue == -1: text = "inherited"
            default: text = job.string(name)
            }
            lines.append((name, TextTable.printable(text)))
        }
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }
    }

    /// A job for `show --json`: the server's fields plus `Parent` and `Path`.
    static func detailsJSON(_ job: TableRow, path: [JobReference]) -> JSONValue {
        let parent: JSONValue = path.count >= 2 ? .int(path[path.count - 2].id) : .null
        return .object(job.fields + [("Parent", parent), ("Path", .array(path.map(\.json)))])
    }
}
