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

    /// Files the floor of available job `job` under `parent`, its available children filed
    /// already (at load, see `rebuildSubtreeCounts`).
    mutating func fileFloor(_ job: Job, under parent: JobID) {
        let floor = subtreeFloor(job)
        index.floors.filed[job.id] = floor
        index.floors.add(floor, under: parent)
    }
}
