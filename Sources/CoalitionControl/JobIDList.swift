/// Parsing of job id lists such as `12 15 20-30` or `3,4,7-9`.
enum JobIDList {
    /// Largest number of ids one range may expand to; a typo such as `1-1000000000`
    /// is refused rather than sent to the server.
    static let maximumRangeLength: Int64 = 100_000

    /// Parses every argument (each may hold several ids separated by spaces or commas)
    /// into ids in the order given, without duplicates.
    static func parse(_ arguments: [String]) throws -> [Int64] {
        var ids: [Int64] = []
        var seen = Set<Int64>()
        for argument in arguments {
            let tokens = argument.split { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" }
            for token in tokens {
                for id in try expand(String(token)) where seen.insert(id).inserted {
                    ids.append(id)
                }
            }
        }
        return ids
    }

    private static func expand(_ token: String) throws -> [Int64] {
        let bounds = token.split(separator: "-", omittingEmptySubsequences: false)
        switch bounds.count {
        case 1:
            return [try number(bounds[0], in: token)]
        case 2:
            let low = try number(bounds[0], in: token)
            let high = try number(bounds[1], in: token)
            guard low <= high else {
                throw ControlError.usage("invalid job id range '\(token)': the end is before the start")
            }
            guard high - low < maximumRangeLength else {
                throw ControlError.usage("job id range '\(token)' is too large (at most \(maximumRangeLength) ids)")
            }
            return Array(low...high)
        default:
            throw invalid(token)
        }
    }

    private static func number(_ digits: Substring, in token: String) throws -> Int64 {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else {
            throw invalid(token)
        }
        return value
    }

    private static func invalid(_ token: String) -> ControlError {
        .usage("invalid job id '\(token)': expected a number or a range such as 20-30")
    }
}
