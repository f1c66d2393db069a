/// Keeps `ResourceFloorIndex` in step with the availability index.
extension Farm {
    /// The least an available leaf below `job` asks, from `job` down.
    func subtreeFloor(_ job: Job) -> Resources {
        subtreeFloor(of: job.id, isLeaf: job.isLeaf, request: job.request)
    }

    func subtreeFloor(of id: JobID, isLeaf: Bool, request: ResourceRequest) -> Resources {
        let own = request.amounts
        guard !isLeaf, let low = index.floors.lowestChildFloor(id) else { return own }
        return own.atLeast(low)
    }

    /// Re-files the floors of `start` and of every ancestor (the tree is shallow, and
    /// availability may have flipped anywhere along the path).
    mutating func refreshFloors(from start: JobID) {
        guard index.floors.active else { return }
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
    mutating func fileFloor(of id: JobID, isLeaf: Bool, request: ResourceRequest, under parent: JobID) {
        let floor = subtreeFloor(of: id, isLeaf: isLeaf, request: request)
        index.floors.filed[id] = floor
        index.floors.add(floor, under: parent)
    }

    /// Starts keeping floors when `request` is the farm's first resource request: files
    /// the floor of every available job, children before parents. The job that asks is
    /// filed by the change that follows (its availability refresh).
    mutating func startFloors(for request: ResourceRequest) {
        guard !index.floors.active, !request.isEmpty else { return }
        index.floors.active = true
        var preorder: [JobID] = []
        var work: [JobID] = [0]
        while let id = work.popLast() {
            preorder.append(id)
            state.jobs.withRow(id) { work.append(contentsOf: $0.children) }
        }
        for id in preorder.reversed() where id != 0 && index.filedKey[id] != nil {
            guard let (parent, isLeaf, request) = state.jobs.withRow(id, { ($0.parent, $0.isLeaf, $0.request) }),
                  let parent else { continue }
            fileFloor(of: id, isLeaf: isLeaf, request: request, under: parent)
        }
    }
}
