/// Little-endian binary writer for snapshots.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    /// Unsigned LEB128.
    mutating func uvarint(_ v: UInt64) {
        var x = v
        while x >= 0x80 {
            bytes.append(UInt8(x & 0x7F) | 0x80)
            x >>= 7
        }
        bytes.append(UInt8(x))
    }

    /// Signed, zig-zag encoded.
    mutating func varint(_ v: Int) {
        let x = Int64(v)
        uvarint(UInt64(bitPattern: (x << 1) ^ (x >> 63)))
    }

    mutating func double(_ v: Double) {
        var bits = v.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    mutating func u32(_ v: UInt32) {
        var x = v
        for _ in 0..<4 {
            bytes.append(UInt8(x & 0xFF))
            x >>= 8
        }
    }

    mutating func u64(_ v: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    mutating func string(_ s: String) {
        uvarint(UInt64(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    mutating func optionalString(_ s: String?) {
        if let s { u8(1); string(s) } else { u8(0) }
    }

    mutating func optionalDouble(_ v: Double?) {
        if let v { u8(1); double(v) } else { u8(0) }
    }
}

/// The matching reader; every read checks bounds and throws on damage.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from offset: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
    }

    mutating func u8() throws(SnapshotError) -> UInt8 {
        guard offset < end else { throw .truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uvarint() throws(SnapshotError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            if shift >= 64 { throw .damaged("varint too long") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    mutating func varint() throws(SnapshotError) -> Int {
        let u = try uvarint()
        let v = Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
        return Int(v)
    }

    mutating func count(limit: Int = 1 << 32) throws(SnapshotError) -> Int {
        let n = try uvarint()
        guard n <= UInt64(limit), n <= UInt64(end - offset) + 1 << 20 else { throw .damaged("implausible count \(n)") }
        return Int(n)
    }

    mutating func double() throws(SnapshotError) -> Double {
        guard end - offset >= 8 else { throw .truncated }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return Double(bitPattern: bits)
    }

    mutating func u32() throws(SnapshotError) -> UInt32 {
        guard end - offset >= 4 else { throw .truncated }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    mutating func u64() throws(SnapshotError) -> UInt64 {
        guard end - offset >= 8 else { throw .truncated }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    mutating func string() throws(SnapshotError) -> String {
        let n = try uvarint()
        guard n <= UInt64(end - offset) else { throw .truncated }
        guard n > 0 else { return "" }
        // Through the buffer: a slice of the array would retain and release its storage,
        // shared by every thread decoding a snapshot's job blocks.
        let start = offset
        let s = bytes.withUnsafeBufferPointer { buf in
            String(decoding: UnsafeBufferPointer(rebasing: buf[start..<start + Int(n)]), as: UTF8.self)
        }
        offset += Int(n)
        return s
    }

    mutating func optionalString() throws(SnapshotError) -> String? {
        try u8() == 0 ? nil : try string()
    }

    mutating func optionalDouble() throws(SnapshotError) -> Double? {
        try u8() == 0 ? nil : try double()
    }
}
