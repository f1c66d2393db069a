/// Keeps `ResourceFloorIndex` in step with the availability index.
extension Farm {
    /// The least an available leaf below `job` asks, from `job` down.
    func subtreeFloor(_ job: Job) -> Resources {
        let own = job.request.amounts
        guard !job.isLeaf, let low = index.floors.lowestChildFloor(job.id) else { return own }
        return own.atLeast(low)
    }

    /// Re-files the floors of `start` and of every ancestor (the tree is shallow, and
    /// availability may have flipped anywhere along the path).
    mutating func refreshFloors(from start: JobID) {
        var id = start
        while id != 0, let job = state.jobs[id], let parent = job.parent {
            let new: Resources? = index.filedKey[id] != nil ? subtreeFloor(job) : nil
            let old = index.floors.filed[id]
            if old != new {
                if let old { index.floors.remove(old, under: parent) }
                if let new { index.floors.add(new, under: parent) }
                index.floors.filed[id] = new
            }
            id = parent
        }
    }

    /// Recomputes every floor from the availability index (at load).
    mutating func rebuildFloors() {
        index.floors = ResourceFloorIndex()
        // Post-order over available jobs: children are filed before their parent.
        var stack: [(id: JobID, expanded: Bool)] = [(0, false)]
        while let (id, expanded) = stack.popLast() {
            guard let job = state.jobs[id] else { continue }
            if !expanded {
                stack.append((id, true))
                for c in job.children where index.filedKey[c] != nil { stack.append((c, false)) }
                continue
            }
            guard id != 0, let parent = job.parent, index.filedKey[id] != nil else { continue }
            let floor = subtreeFloor(job)
            index.floors.filed[id] = floor
            index.floors.add(floor, under: parent)
        }
    }
}
