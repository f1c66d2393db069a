/// CRC-32 (IEEE), to tell a damaged snapshot from a good one.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        let stop = end ?? bytes.count
        bytes.withUnsafeBufferPointer { buf in
            var i = start
            while i < stop {
                c = table[Int((c ^ UInt32(buf[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        return c ^ 0xFFFF_FFFF
    }
}
