/// An aligned plain-text table: a header row and data rows, columns padded to the
/// widest cell, numeric columns right-aligned.
struct TextTable: Sendable {
    struct Column: Sendable {
        let title: String
        var rightAligned = false
        /// Cells longer than this are shortened with "…" (only when `clip` is on).
        var maximumWidth = 48
    }

    let columns: [Column]
    private(set) var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "row does not match the table's columns")
        rows.append(cells.map(Self.printable))
    }

    /// The table as lines of text. `clip` shortens long cells (used on terminals).
    func render(clip: Bool) -> [String] {
        let cells = rows.map { row in
            zip(row, columns).map { cell, column in clip ? Self.clipped(cell, to: column.maximumWidth) : cell }
        }
        var widths = columns.map { $0.title.count }
        for row in cells {
            for (n, cell) in row.enumerated() { widths[n] = max(widths[n], cell.count) }
        }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (n, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[n] - cell.count)
                let isLast = n == row.count - 1
                if columns[n].rightAligned {
                    parts.append(padding + cell)
                } else {
                    parts.append(isLast ? cell : cell + padding)
                }
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return [line(columns.map(\.title))] + cells.map(line)
    }

    /// Replaces control characters (newlines, tabs, terminal escapes) so that
    /// a job title cannot break the layout or drive the terminal.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += scalar == "\t" || scalar == "\n" || scalar == "\r" ? " " : "?"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func clipped(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(width - 1, 1))) + "…"
    }
}
