/// The `nimbyschedule` windows: when the node belongs to the farm. Text such as
/// `mon-fri 20:00-08:00, sat-sun`: comma-separated windows, each a day set (`mon`, `mon-fri`,
/// `fri-mon` wraps over the week end, `mon/wed/fri`), a time range `HH:MM-HH:MM`, or both.
/// A day set alone is the whole day; a time range alone is every day. A range whose end is not
/// after its start runs past midnight into the next day (`mon 20:00-08:00` ends Tuesday 08:00).
public struct NimbySchedule: Equatable, Sendable {
    /// One window. Days are 0 = Monday … 6 = Sunday; minutes count from midnight.
    public struct Window: Equatable, Sendable {
        public var days: Set<Int>
        public var start: Int
        public var end: Int
    }

    public var windows: [Window]

    /// A schedule that cannot be read; `description` names the faulty piece.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    public init(parsing text: String) throws(ParseError) {
        var windows: [Window] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let words = piece.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
            guard !words.isEmpty, words.count <= 2 else {
                throw ParseError(description: "nimbyschedule: cannot read window '\(String(piece).trimmingWhitespace())' (expected e.g. 'mon-fri 20:00-08:00')")
            }
            var days = Set(0..<7)
            var start = 0
            var end = 24 * 60
            var sawDays = false
            var sawTimes = false
            for word in words {
                if word.first?.isNumber == true, !sawTimes {
                    (start, end) = try Self.timeRange(word, in: String(piece))
                    sawTimes = true
                } else if word.first?.isLetter == true, !sawDays, !sawTimes {
                    days = try Self.daySet(word, in: String(piece))
                    sawDays = true
                } else {
                    throw ParseError(description: "nimbyschedule: unexpected '\(word)' in '\(String(piece).trimmingWhitespace())'")
                }
            }
            windows.append(Window(days: days, start: start, end: end))
        }
        guard !windows.isEmpty else {
            throw ParseError(description: "nimbyschedule is empty (expected e.g. 'mon-fri 20:00-08:00, sat-sun')")
        }
        self.windows = windows
    }

    /// True when the moment (day 0 = Monday, minute of the day) is inside a window.
    public func contains(weekday: Int, minute: Int) -> Bool {
        let yesterday = (weekday + 6) % 7
        return windows.contains { window in
            if window.start < window.end {
                return window.days.contains(weekday) && window.start <= minute && minute < window.end
            }
            // Past midnight: the evening part on its own day, the morning part the day after.
            return (window.days.contains(weekday) && minute >= window.start)
                || (window.days.contains(yesterday) && minute < window.end)
        }
    }

    private static func daySet(_ word: String, in piece: String) throws(ParseError) -> Set<Int> {
        var days = Set<Int>()
        for item in word.split(separator: "/") {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count <= 2, let first = dayNames.firstIndex(of: String(ends[0])),
                  let last = dayNames.firstIndex(of: String(ends[ends.count - 1])) else {
                throw ParseError(description: "nimbyschedule: unknown day '\(item)' in '\(String(piece).trimmingWhitespace())' (use mon tue wed thu fri sat sun)")
            }
            var day = first
            while true {
                days.insert(day)
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        return days
    }

    private static func timeRange(_ word: String, in piece: String) throws(ParseError) -> (Int, Int) {
        let ends = word.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let start = minutes(ends[0], allowing24: false), let end = minutes(ends[1], allowing24: true) else {
            throw ParseError(description: "nimbyschedule: bad time range '\(word)' in '\(String(piece).trimmingWhitespace())' (expected HH:MM-HH:MM)")
        }
        return (start, end)
    }

    private static func minutes(_ text: Substring, allowing24: Bool) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, (1...2).contains(parts[0].count),
              let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0..<60).contains(minutes), (0...24).contains(hours) else { return nil }
        if hours == 24 { return allowing24 && minutes == 0 ? 24 * 60 : nil }
        return hours * 60 + minutes
    }
}
