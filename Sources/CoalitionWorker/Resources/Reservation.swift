/// What one job reserved on the node, as the server's pickjob answer says (counts only; the
/// worker chooses which processors and GPUs).
public struct Reservation: Equatable, Sendable {
    public var cores: Int
    public var memoryMB: Int
    public var gpus: Int

    public init(cores: Int = 0, memoryMB: Int = 0, gpus: Int = 0) {
        self.cores = cores
        self.memoryMB = memoryMB
        self.gpus = gpus
    }

    /// Nothing asked: the v3 behaviour (the job only takes its loop).
    public var isEmpty: Bool { cores == 0 && memoryMB == 0 && gpus == 0 }

    /// Reads the sixth pickjob element, `cores=2,memory=4096,gpus=1` (keys in any order, each
    /// optional, unknown keys ignored so the server can add more). Nil when malformed.
    public static func parse(_ text: String) -> Reservation? {
        var result = Reservation()
        for piece in text.split(separator: ",") {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let value = Int(pair[1].trimmingCharacters(in: .whitespaces)), value >= 0 else {
                return nil
            }
            switch pair[0].trimmingCharacters(in: .whitespaces) {
            case "cores": result.cores = value
            case "memory": result.memoryMB = value
            case "gpus": result.gpus = value
            default: break
            }
        }
        return result
    }

    /// The same text form (zero counts omitted), as kept in the worker's state directory.
    public var text: String {
        [("cores", cores), ("memory", memoryMB), ("gpus", gpus)]
            .filter { $0.1 > 0 }.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }
}

/// The processors and GPUs given to one job.
public struct ResourceGrant: Equatable, Sendable, Codable {
    public var cores: [Int]
    public var memoryMB: Int
    public var gpus: [Int]

    public init(cores: [Int] = [], memoryMB: Int = 0, gpus: [Int] = []) {
        self.cores = cores
        self.memoryMB = memoryMB
        self.gpus = gpus
    }

    /// `CUDA_VISIBLE_DEVICES` for the job: the GPU indices, comma-separated; nil when no GPU
    /// was reserved (the variable is then left as the worker's environment has it).
    public var cudaVisibleDevices: String? {
        gpus.isEmpty ? nil : gpus.map(String.init).joined(separator: ",")
    }
}

/// The node's free resources: which processors, how much memory and which GPUs running jobs
/// leave. Pure bookkeeping; `ResourceLedger` shares it between loops.
public struct ResourcePool: Equatable, Sendable {
    public let capacity: HostCapacity
    public private(set) var freeCores: [Int]
    public private(set) var freeMemoryMB: Int
    public private(set) var freeGPUs: [Int]

    public init(capacity: HostCapacity) {
        self.capacity = capacity
        freeCores = capacity.cores
        freeMemoryMB = capacity.memoryMB
        freeGPUs = capacity.gpus
    }

    /// Takes what `reservation` asks. Processors are chosen to keep jobs apart and close
    /// together: the longest run of consecutive free numbers that fits is preferred (neighbours
    /// usually share caches), else the lowest free ones. When more is asked than is free
    /// (a server that does not check, or a race), the job gets what is free and `shortfall`
    /// says what was missing; it still runs, as it would on a v3 farm.
    public mutating func grant(_ reservation: Reservation) -> (grant: ResourceGrant, shortfall: Reservation) {
        let cores = Self.choose(reservation.cores, from: freeCores)
        let gpus = Array(freeGPUs.prefix(reservation.gpus))
        let memory = min(reservation.memoryMB, freeMemoryMB)
        freeCores.removeAll { cores.contains($0) }
        freeGPUs.removeAll { gpus.contains($0) }
        freeMemoryMB -= memory
        let shortfall = Reservation(
            cores: reservation.cores - cores.count, memoryMB: reservation.memoryMB - memory,
            gpus: reservation.gpus - gpus.count)
        return (ResourceGrant(cores: cores, memoryMB: memory, gpus: gpus), shortfall)
    }

    /// Takes a grant recorded before a restart, exactly (what another job holds stays held).
    public mutating func retake(_ grant: ResourceGrant) {
        freeCores.removeAll { grant.cores.contains($0) }
        freeGPUs.removeAll { grant.gpus.contains($0) }
        freeMemoryMB = max(0, freeMemoryMB - grant.memoryMB)
    }

    /// Gives a grant back.
    public mutating func release(_ grant: ResourceGrant) {
        let known = Set(capacity.cores)
        freeCores = Array(Set(freeCores).union(grant.cores.filter { known.contains($0) })).sorted()
        let knownGPUs = Set(capacity.gpus)
        freeGPUs = Array(Set(freeGPUs).union(grant.gpus.filter { knownGPUs.contains($0) })).sorted()
        freeMemoryMB = min(capacity.memoryMB, freeMemoryMB + grant.memoryMB)
    }

    /// `count` processors out of `free` (ascending): the shortest run of consecutive numbers
    /// that holds them all, else the lowest numbers.
    static func choose(_ count: Int, from free: [Int]) -> [Int] {
        guard count > 0 else { return [] }
        guard count < free.count else { return free }
        var runs: [[Int]] = []
        for core in free {
            if let last = runs.last?.last, last + 1 == core {
                runs[runs.count - 1].append(core)
            } else {
                runs.append([core])
            }
        }
        // Best fit: the smallest run that holds the job leaves the big runs for big jobs.
        if let run = runs.filter({ $0.count >= count }).min(by: { $0.count < $1.count }) {
            return Array(run.prefix(count))
        }
        return Array(free.prefix(count))
    }
}
