/// A map from job id to a value, for the index entries nearly every job has (its
/// candidate key). Values live in chunks of 256 slots, allocated when a value is first set
/// in them and released when their last value is removed: a look-up is two array
/// indexings instead of a hash, and a farm that handed out many more ids than it holds
/// (jobs removed over the years) keeps only the chunks of its live jobs.
struct IDIndexedMap<Value: Sendable>: Sendable {
    private static var chunkShift: Int { 8 }
    private static var slotMask: Int { (1 << chunkShift) - 1 }
    private var chunks: [[Value?]] = []
    /// Values present in each chunk.
    private var present: [Int32] = []

    subscript(id: JobID) -> Value? {
        get {
            guard id >= 0, id >> Self.chunkShift < chunks.count else { return nil }
            let chunk = id >> Self.chunkShift
            return chunks[chunk].isEmpty ? nil : chunks[chunk][id & Self.slotMask]
        }
        set {
            guard id >= 0 else { return }
            let chunk = id >> Self.chunkShift, slot = id & Self.slotMask
            if chunk >= chunks.count {
                guard newValue != nil else { return }
                chunks.append(contentsOf: repeatElement([], count: chunk + 1 - chunks.count))
                present.append(contentsOf: repeatElement(0, count: chunk + 1 - present.count))
            }
            if chunks[chunk].isEmpty {
                guard newValue != nil else { return }
                chunks[chunk] = [Value?](repeating: nil, count: 1 << Self.chunkShift)
            }
            let had = chunks[chunk][slot] != nil
            chunks[chunk][slot] = newValue
            switch (had, newValue != nil) {
            case (false, true): present[chunk] += 1
            case (true, false):
                present[chunk] -= 1
                if present[chunk] == 0 { chunks[chunk] = [] }
            default: break
            }
        }
    }

    /// Removes and answers the value for `id`.
    mutating func removeValue(forKey id: JobID) -> Value? {
        guard let value = self[id] else { return nil }
        self[id] = nil
        return value
    }
}
