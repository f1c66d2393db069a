/// For every available job, the least any of its available leaves asks, counting the
/// requests from the job down (its ancestors' are added while the scheduler descends).
/// A pick skips a subtree whose floor does not fit what the host has free, so a host too
/// small for every frame of a shot never walks the shot's frames.
///
/// Each group keeps a count of its available children per floor; its own floor is the
/// figure-by-figure minimum over those floors (requests come in a handful of sizes, so
/// the distinct floors are few), raised to its own request.
///
/// The index is kept only once some job asks for resources (`active`): until then every
/// floor is zero, and keeping a million zero floors would cost every load and every
/// change for nothing.
struct ResourceFloorIndex: Sendable {
    /// Whether floors are kept; false while no job of the farm has asked for resources.
    var active = false
    /// The floor an available job is counted with in its parent's `childFloors`.
    var filed: [JobID: Resources] = [:]
    /// Per group: how many available children have each floor.
    var childFloors: [JobID: [Resources: Int]] = [:]

    mutating func add(_ floor: Resources, under parent: JobID) {
        childFloors[parent, default: [:]][floor, default: 0] += 1
    }

    mutating func remove(_ floor: Resources, under parent: JobID) {
        guard let n = childFloors[parent]?[floor] else { return }
        if n > 1 {
            childFloors[parent]![floor] = n - 1
        } else {
            childFloors[parent]![floor] = nil
            if childFloors[parent]!.isEmpty { childFloors[parent] = nil }
        }
    }

    /// The figure-by-figure minimum of the floors of a group's available children.
    func lowestChildFloor(_ group: JobID) -> Resources? {
        guard let floors = childFloors[group] else { return nil }
        var low: Resources?
        for f in floors.keys {
            guard let l = low else { low = f; continue }
            low = Resources(cores: min(l.cores, f.cores), memory: min(l.memory, f.memory), gpus: min(l.gpus, f.gpus))
        }
        return low
    }

    /// Drops a job that leaves the tree.
    mutating func forget(_ id: JobID) {
        filed[id] = nil
        childFloors[id] = nil
    }
}
