/// A map from job id to a value, as a dense array: ids are handed out in sequence, so a
/// slot per id costs less than a hash table's entry and a look-up is one index. For the
/// index entries nearly every job has (its candidate key).
struct IDIndexedMap<Value: Sendable>: Sendable {
    private var slots: [Value?] = []

    subscript(id: JobID) -> Value? {
        get { id >= 0 && id < slots.count ? slots[id] : nil }
        set {
            guard id >= 0 else { return }
            if id >= slots.count {
                guard newValue != nil else { return }
                while slots.count <= id { slots.append(nil) }
            }
            slots[id] = newValue
        }
    }

    /// Removes and answers the value for `id`.
    mutating func removeValue(forKey id: JobID) -> Value? {
        guard let value = self[id] else { return nil }
        slots[id] = nil
        return value
    }

    mutating func reserveCapacity(_ n: Int) { slots.reserveCapacity(n) }
}
