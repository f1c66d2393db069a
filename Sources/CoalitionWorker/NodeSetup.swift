import Foundation
import ArgumentParser

/// One loop to start: its name, and the job it takes over first, if any.
struct LoopPlan: Sendable {
    var name: String
    var resume: JobRecord?
    /// The loop only finishes a taken-over job (its name is not among the configured loops).
    var resumeOnly: Bool
}

extension WorkerCommand {
    /// Measures the capacity, opens the state directory, takes back what running jobs hold
    /// and plans the loops (configured ones, plus one per taken-over job of a loop no longer
    /// configured).
    func prepareNode(settings: inout WorkerSettings, log: WorkerLog) throws -> (NodeContext, [LoopPlan]) {
        let capacity = HostCapacityProbe.measure().overridden(
            cores: settings.cores, memoryMB: settings.memoryMB, gpus: settings.gpus)
        if settings.autoSlots { settings.slots = max(1, min(1024, capacity.cores.count)) }
        log.info("Capacity: \(capacity.cores.count) cores, \(capacity.memoryMB) MiB, \(capacity.gpus.count) GPUs"
            + (settings.autoSlots ? " (-w auto: up to \(settings.slots) jobs at once)" : ""))
        let path = settings.stateDirectory
            ?? StateDirectory.defaultPath(workerName: settings.name, environment: ProcessInfo.processInfo.environment)
        let state: StateDirectory
        do {
            state = try StateDirectory(path: path, workerName: settings.name)
        } catch {
            throw ValidationError(error.description)
        }
        let (records, problems) = state.scan()
        for problem in problems { log.info(problem) }
        let ledger = ResourceLedger(capacity: capacity)
        var bySlot: [String: JobRecord] = [:]
        for record in records {
            if bySlot[record.slot] != nil {
                log.info("two running jobs recorded for \(record.slot); job \(record.jobID) left alone")
                continue
            }
            bySlot[record.slot] = record
            ledger.retake(record.grant)
        }
        var loops = settings.slotNames.map { LoopPlan(name: $0, resume: bySlot.removeValue(forKey: $0), resumeOnly: false) }
        for (slot, record) in bySlot.sorted(by: { $0.key < $1.key }) {
            loops.append(LoopPlan(name: slot, resume: record, resumeOnly: true))
        }
        let source: @Sendable () -> UInt64 = settings.nimbyInputFile.map { NimbyMonitor.fileCounter($0) }
            ?? NimbyMonitor.readProcInterrupts
        let nimby = NimbyMonitor(policy: settings.nimby, readCount: source)
        if settings.nimby.mode != .off {
            log.info("NIMBY: \(settings.nimby.mode.rawValue), action \(settings.nimby.action.rawValue)")
        }
        return (NodeContext(state: state, ledger: ledger, nimby: nimby), loops)
    }
}
