/// The layout of an original Coalition `master_db`: a sequence of protocol-0 pickles.
///
/// - version 8 (written by v3): version, job counter, activity counter, then for
///   activities, jobs and workers a block count followed by that many dicts;
/// - version 7: version, job counter, activity counter, activities, jobs, workers (one dict each);
/// - versions 5 and 6 (v2): version, job counter, jobs, workers.
///
/// The original's reader accepts exactly these versions, and so does this one.
public struct V3MasterDB: Sendable {
    public var version: Int
    public var jobCounter: Int
    public var activityCounter: Int
    /// Dict entries in file order (keys as pickled).
    public var activities: [PickleDictEntry]
    public var jobs: [PickleDictEntry]
    public var workers: [PickleDictEntry]

    /// The versions this reader understands.
    public static let versions = 5...8

    /// Whether `bytes` start like an original `master_db`: a pickled int (`I<digits>\n.`).
    /// This only routes the file to `parse`, which decides for real.
    public static func looksLikePickle(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == UInt8(ascii: "I") else { return false }
        var i = 1
        while i < min(bytes.count, 24), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
        return i > 1 && i + 1 < bytes.count && bytes[i] == UInt8(ascii: "\n") && bytes[i + 1] == UInt8(ascii: ".")
    }

    /// Reads a whole file. Throws on anything but the exact layout of a known version,
    /// including bytes left over after the workers.
    public static func parse(_ bytes: [UInt8], limits: PickleReader.Limits = .init()) throws(V3ImportError) -> V3MasterDB {
        var reader = PickleReader(bytes, limits: limits)
        func next(_ what: String) throws(V3ImportError) -> PickleValue {
            do {
                return try reader.next()
            } catch {
                throw .pickle(what, error)
            }
        }
        func int(_ what: String) throws(V3ImportError) -> Int {
            let at = reader.offset
            guard case .int(let v) = try next(what) else { throw .layout("\(what) at byte \(at) is not an int") }
            return v
        }
        func dict(_ what: String) throws(V3ImportError) -> [PickleDictEntry] {
            let at = reader.offset
            guard case .dict(let entries) = try next(what) else { throw .layout("\(what) at byte \(at) is not a dict") }
            return entries
        }
        func blocks(_ what: String) throws(V3ImportError) -> [PickleDictEntry] {
            let count = try int("the number of \(what) blocks")
            // Every block takes at least a few bytes: a larger count is a damaged file.
            guard count >= 0, count <= bytes.count - reader.offset else {
                throw .layout("\(count) \(what) blocks cannot fit in the file")
            }
            var all: [PickleDictEntry] = []
            for k in 0..<count { all.append(contentsOf: try dict("\(what) block \(k + 1)/\(count)")) }
            return all
        }

        let version = try int("the version")
        guard versions.contains(version) else { throw .unknownVersion(version) }
        var db = V3MasterDB(version: version, jobCounter: try int("the job counter"), activityCounter: 0,
                            activities: [], jobs: [], workers: [])
        switch version {
        case 8:
            db.activityCounter = try int("the activity counter")
            db.activities = try blocks("activity")
            db.jobs = try blocks("job")
            db.workers = try blocks("worker")
        case 7:
            db.activityCounter = try int("the activity counter")
            db.activities = try dict("the activities")
            db.jobs = try dict("the jobs")
            db.workers = try dict("the workers")
        default:
            db.jobs = try dict("the jobs")
            db.workers = try dict("the workers")
        }
        guard reader.atEnd else { throw .layout("\(bytes.count - reader.offset) unexpected bytes after the workers") }
        return db
    }
}

/// Why an original `master_db` could not be imported. Nothing is changed when this is thrown.
public enum V3ImportError: Error, Sendable, CustomStringConvertible {
    case pickle(String, PickleError)
    case unknownVersion(Int)
    case layout(String)
    /// The data is a well-formed pickle that does not hold a farm (e.g. no root job).
    case content(String)

    public var description: String {
        switch self {
        case .pickle(let what, let e): "reading \(what): \(e)"
        case .unknownVersion(let v):
            "database version \(v) is not one the original Coalition wrote (\(V3MasterDB.versions.lowerBound)…\(V3MasterDB.versions.upperBound))"
        case .layout(let why): why
        case .content(let why): why
        }
    }
}
