/// CRC-32 (IEEE), to tell a damaged snapshot from a good one. Slicing-by-8: eight tables
/// let the loop fold eight bytes per step, several times faster than a byte at a time on
/// a snapshot of a hundred megabytes. (Hand-written: the standard library has no CRC, and
/// zlib is not worth a system-library dependency for one function.)
enum CRC32 {
    /// Eight tables of 256 entries, one after the other: entry `k * 256 + b` is the CRC of
    /// byte `b` followed by `k` zero bytes.
    static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[i] = c
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    /// The CRC of `bytes[start..<end]` (a range outside the bytes is cut to them).
    static func checksum(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) -> UInt32 {
        let stop = min(end ?? bytes.count, bytes.count)
        var c: UInt32 = 0xFFFF_FFFF
        bytes.withUnsafeBufferPointer { buf in
            table.withUnsafeBufferPointer { t in
                guard let base = buf.baseAddress else { return }
                var i = max(0, start)
                while stop - i >= 8 {
                    let lo = c ^ (UInt32(base[i]) | UInt32(base[i + 1]) << 8 | UInt32(base[i + 2]) << 16 | UInt32(base[i + 3]) << 24)
                    let hi = UInt32(base[i + 4]) | UInt32(base[i + 5]) << 8 | UInt32(base[i + 6]) << 16 | UInt32(base[i + 7]) << 24
                    c = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                        ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                        ^ t[256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                    i += 8
                }
                while i < stop {
                    c = t[Int((c ^ UInt32(base[i])) & 0xFF)] ^ (c >> 8)
                    i += 1
                }
            }
        }
        return c ^ 0xFFFF_FFFF
    }
}
