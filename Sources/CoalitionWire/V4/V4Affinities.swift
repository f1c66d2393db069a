import CoalitionCore

/// Coalition v4 numbers affinities 1 to 63 and names them in a table; v3 (and this farm)
/// writes affinities as comma-separated words. The v4 view numbers the distinct words in
/// use (by jobs and workers) in byte order, 1 to 63; words beyond the 63rd have no
/// number (their bit is left out of `affinity_bits` and `h_affinity`, the word itself is
/// still shown and still matched by the scheduler).
public struct V4Affinities: Sendable, Equatable {
    /// Index 0 is affinity number 1.
    public private(set) var names: [String]

    public init(names: [String]) {
        self.names = Array(names.prefix(63))
    }

    /// The words in use on `farm`.
    public init(farm: borrowing Farm) {
        var words = Set<String>()
        for job in farm.state.jobs.values { for w in FarmText.affinityWords(job.affinity) { words.insert(String(w)) } }
        for worker in farm.state.workers.values { for w in FarmText.affinityWords(worker.affinity) { words.insert(String(w)) } }
        self.init(names: words.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    /// The number of a word, 1 to 63.
    public func number(of word: String) -> Int? {
        names.firstIndex(of: word).map { $0 + 1 }
    }

    /// The word of `#N`, when N is numbered.
    public func name(of number: Int) -> String? {
        number >= 1 && number <= names.count ? names[number - 1] : nil
    }

    /// The v4 bit mask of an affinity string.
    public func mask(_ affinity: String) -> Int64 {
        var mask: Int64 = 0
        for w in FarmText.affinityWords(affinity) {
            if let n = number(of: String(w)) { mask |= Int64(1) << Int64(n - 1) }
        }
        return mask
    }

    /// Translates a v4 affinity list (`"LINUX,#3"`) to our words; nil names the first
    /// `#N` that has no word.
    public func words(fromV4 text: String) -> Result<String, V4UnknownAffinity> {
        var out: [String] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: true) {
            if piece.first == "#", let n = Int(piece.dropFirst()) {
                guard let word = name(of: n) else { return .failure(V4UnknownAffinity(text: String(piece))) }
                out.append(word)
            } else {
                out.append(String(piece))
            }
        }
        return .success(out.joined(separator: ","))
    }
}

/// A `#N` affinity with no word behind it.
public struct V4UnknownAffinity: Error, Sendable, Equatable {
    public var text: String
}
