#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoalitionCore

extension SnapshotFiles {
    /// Where an imported original `master_db` is kept, byte for byte.
    public var originalV3Path: String { mainPath + ".coalition-v3" }

    /// Converts an original Coalition `master_db` (`bytes`, read from `source`) and puts
    /// our format in place: the original is kept as `master_db.coalition-v3` (renamed when
    /// `source` is this directory's `master_db`, copied otherwise, never modified), then our
    /// snapshot is saved as `master_db`. Throws, leaving every file as it was, when the
    /// data is not an intact original database.
    public func importV3(_ bytes: [UInt8], from source: String) throws(SnapshotError) -> Loaded {
        let converted: (state: FarmState, report: V3ImportReport)
        do {
            converted = try V3Converter.convert(bytes)
        } catch {
            throw .damaged("\(source) is an original Coalition master_db that cannot be imported: \(error); "
                           + "nothing was changed")
        }
        let kept = freeName(originalV3Path)
        if source == mainPath {
            // A hard link first: if we stop before the rename below, master_db is still the
            // original and the next start imports it again.
            if link(mainPath, kept) != 0 {
                try writeDurably(bytes, to: kept)
            }
        } else {
            try writeDurably(bytes, to: kept)
        }
        syncDirectory()
        try save(SnapshotCodec.encode(converted.state))
        var messages = converted.report.lines
        messages.append("the original file is kept as \(kept); master_db now holds the imported farm")
        return Loaded(state: converted.state, source: source, messages: messages)
    }

    /// Imports an original `master_db` from elsewhere into this directory, which must not
    /// have a `master_db` yet (an existing farm is never overwritten).
    public func importV3(file path: String) throws(SnapshotError) -> Loaded {
        guard access(mainPath, F_OK) != 0 else {
            throw .io("\(mainPath) already exists; start in an empty data directory to import \(path)")
        }
        guard let bytes = readFile(path) else { throw .io("cannot read \(path): \(errnoText())") }
        guard V3MasterDB.looksLikePickle(bytes) else {
            throw .damaged("\(path) is not an original Coalition master_db (it does not start with a pickled version number)")
        }
        return try importV3(bytes, from: path)
    }

    /// `path`, or `path.1`, `path.2`… : the first name not taken.
    func freeName(_ path: String) -> String {
        var target = path
        var n = 1
        while access(target, F_OK) == 0 {
            target = path + "." + String(n)
            n += 1
        }
        return target
    }
}
