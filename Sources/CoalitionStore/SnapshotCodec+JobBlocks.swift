import CoalitionCore
import Dispatch
import Synchronization

/// The jobs section of a version 6 snapshot: jobs in id order, cut into blocks that each
/// cover one `JobStore.idsPerBlock` range of ids and say their byte length, so the blocks
/// decode on every core at once and join into one store without moving a job.
extension SnapshotCodec {
    static func encodeJobBlocks(_ jobs: JobStore, _ w: inout ByteWriter) {
        w.uvarint(UInt64(jobs.count))
        var blocks: [(count: Int, bytes: ByteWriter)] = []
        var currentBlock = -1
        jobs.forEachRow { job in
            let block = job.id / JobStore.idsPerBlock
            if block != currentBlock {
                blocks.append((0, ByteWriter()))
                currentBlock = block
            }
            blocks[blocks.count - 1].count += 1
            encode(job, &blocks[blocks.count - 1].bytes)
        }
        w.uvarint(UInt64(blocks.count))
        for block in blocks {
            w.uvarint(UInt64(block.count))
            w.uvarint(UInt64(block.bytes.bytes.count))
            w.bytes.append(contentsOf: block.bytes.bytes)
        }
    }

    /// Decodes the blocks concurrently; returns the jobs and the highest id among them.
    static func decodeJobBlocks(_ r: inout ByteReader, version: UInt32) throws(SnapshotError) -> (JobStore, highestID: Int) {
        let total = try r.count()
        var blocks: [(count: Int, start: Int, end: Int)] = []
        for _ in 0..<(try r.count()) {
            let count = try r.count()
            let length = try r.count()
            guard length <= r.end - r.offset else { throw .truncated }
            blocks.append((count, r.offset, r.offset + length))
            r.offset += length
        }
        guard blocks.reduce(0, { $0 + $1.count }) == total else { throw .damaged("job blocks do not add up to \(total) jobs") }
        let bytes = r.bytes
        let ranges = blocks
        let results = Mutex([Result<(JobStore, Int), SnapshotError>?](repeating: nil, count: blocks.count))
        DispatchQueue.concurrentPerform(iterations: blocks.count) { k in
            let block = ranges[k]
            let result = Result { () throws(SnapshotError) -> (JobStore, Int) in
                var reader = ByteReader(bytes, from: block.start, to: block.end)
                let decoded = try decodeJobs(&reader, count: block.count, version: version)
                guard reader.offset == reader.end else { throw .damaged("trailing bytes in job block \(k)") }
                return decoded
            }
            results.withLock { $0[k] = result }
        }
        var parts: [JobStore] = []
        var highest = 0
        for result in results.withLock({ $0 }) {
            let (part, top) = try result!.get()
            parts.append(part)
            highest = max(highest, top)
        }
        guard let jobs = JobStore(joining: parts) else { throw .damaged("two job blocks hold the same ids") }
        return (jobs, highest)
    }

    /// Decodes `count` jobs; returns them and the highest id among them.
    static func decodeJobs(_ r: inout ByteReader, count: Int, version: UInt32) throws(SnapshotError) -> (JobStore, highestID: Int) {
        var jobs = JobStore()
        var highest = 0
        for _ in 0..<count {
            let id = try r.varint()
            guard JobStore.isStorable(id) else { throw .damaged("job id \(id) out of range") }
            guard !jobs.contains(id) else { throw .damaged("job \(id) stored twice") }
            highest = max(highest, id)
            try jobs.insert(id: id) { (job: inout Job) throws(SnapshotError) in
                try decodeJob(id: id, &r, version: version, into: &job)
            }
        }
        return (jobs, highest)
    }
}
