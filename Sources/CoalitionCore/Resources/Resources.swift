/// An amount of a host's reservable resources: processors, memory in MiB, GPUs.
public struct Resources: Sendable, Equatable, Hashable {
    public var cores: Int
    public var memory: Int
    public var gpus: Int

    public init(cores: Int = 0, memory: Int = 0, gpus: Int = 0) {
        self.cores = cores
        self.memory = memory
        self.gpus = gpus
    }

    public static let zero = Resources()

    public var isZero: Bool { self == .zero }

    /// True when every figure is at most the one of `available`.
    public func fits(in available: Resources) -> Bool {
        cores <= available.cores && memory <= available.memory && gpus <= available.gpus
    }

    /// The larger of each figure.
    public func atLeast(_ other: Resources) -> Resources {
        Resources(cores: max(cores, other.cores), memory: max(memory, other.memory), gpus: max(gpus, other.gpus))
    }

    /// `cores=N,memory=MB,gpus=N`, the form of the pickjob answer's sixth element.
    public var reservationText: String {
        "cores=\(cores),memory=\(memory),gpus=\(gpus)"
    }
}

/// What a job asks to reserve, each figure optional: nil means "not asked here", so the
/// job takes what its ancestors ask (reference: `addjob` `cores`, `memory`, `gpus`).
public struct ResourceRequest: Sendable, Equatable, Hashable {
    public var cores: Int?
    public var memory: Int?
    public var gpus: Int?

    public init(cores: Int? = nil, memory: Int? = nil, gpus: Int? = nil) {
        self.cores = cores
        self.memory = memory
        self.gpus = gpus
    }

    public static let unset = ResourceRequest()

    public var isEmpty: Bool { cores == nil && memory == nil && gpus == nil }

    /// The figures asked, absent ones as 0.
    public var amounts: Resources {
        Resources(cores: cores ?? 0, memory: memory ?? 0, gpus: gpus ?? 0)
    }
}
