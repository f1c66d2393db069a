import CoalitionClient
import Foundation

/// One worker loop (`<name>-<k>`): asks for a job, runs it with heartbeats, reports its end,
/// sleeps, and again, until the worker stops.
final class WorkerSlot: Sendable {
    /// Output kept per job before the reader holds the job back (see `OutputBuffer`).
    static let bufferCapacity = 1 << 20
    /// Delivery attempts for the last report of a job once a stop was asked.
    static let attemptsWhileStopping = 3

    let name: String
    private let settings: WorkerSettings
    private let client: FormClient
    private let log: WorkerLog
    private let sampler: HostSampler
    private let stop: StopController
    private let node: NodeContext
    /// A job an earlier worker process started for this loop, taken over before any pick.
    private let resume: JobRecord?
    /// A loop that only exists to finish a taken-over job (its name is no longer configured).
    private let resumeOnly: Bool

    init(
        name: String, settings: WorkerSettings, client: FormClient, log: WorkerLog,
        sampler: HostSampler, stop: StopController, node: NodeContext, resume: JobRecord? = nil,
        resumeOnly: Bool = false
    ) {
        self.name = name
        self.settings = settings
        self.client = client
        self.log = log
        self.sampler = sampler
        self.stop = stop
        self.node = node
        self.resume = resume
        self.resumeOnly = resumeOnly
    }

    /// Seconds between polls and heartbeats (a zero `sleep` would spin).
    private var period: Double { max(settings.sleep, 0.05) }

    /// The loop; returns once a stop was asked and any running job was reported.
    func run() async {
        let wake = WakeSignal()
        stop.register(wake)
        defer { stop.unregister(wake) }
        if let resume {
            await take(over: resume, wake: wake)
            if resumeOnly { return }
            if !stop.isRequested { await wake.wait(seconds: period) }
        }
        while !stop.isRequested {
            do {
                try await poll(wake: wake)
            } catch {
                log.info("\(name): error: \(error)")
                if settings.debug {
                    log.info("\(name): debug mode, this loop ends")
                    return
                }
            }
            if stop.isRequested { break }
            await wake.wait(seconds: period)
        }
        log.debug("\(name) is kindly asked to quit.")
    }

    /// One pickjob, and the job it brings, if any; or, while the node is NIMBY, a NIMBY report.
    private func poll(wake: WakeSignal) async throws {
        if case .holdOff(let reason) = NimbyRules.step(reason: node.nimby.reason(), jobRunning: false, action: node.nimby.policy.action) {
            await reportNimby(reason)
            return
        }
        node.lastNimbyReason.set(name, nil)
        log.debug("\(name): ask for a job")
        // One pick at a time per node, and the reservation taken before the next one.
        let picked: (JobAssignment, ResourceGrant)? = try await node.ledger.withPickTurn {
            let fields = WorkerProtocol.pickFields(name: self.name, sample: self.sampler.sample())
                + WorkerProtocol.resourceFields(free: self.node.ledger.snapshot)
            guard let answer = await self.deliver("pickjob", wake: wake, attemptsWhileStopping: 0, {
                try await self.client.post("/workers/pickjob", fields)
            }) else { return nil }
            guard let job = try WorkerProtocol.parsePickAnswer(answer.text) else { return nil }
            let (grant, shortfall) = self.node.ledger.grant(job.reservation ?? Reservation())
            if !shortfall.isEmpty {
                self.log.info("\(self.name): job \(job.id) asks more than is free (missing \(shortfall.text)); it runs with what is free")
            }
            return (job, grant)
        }
        guard let picked else { return }
        let (job, grant) = picked
        if stop.isRequested {
            // The server handed a job out as the worker was stopping: give it back as failed
            // rather than leave it WORKING until it times out.
            node.ledger.release(grant)
            let buffer = OutputBuffer(capacity: Self.bufferCapacity)
            buffer.note("ERROR : worker \(name) stopping, job not started")
            await report(job: job.id, buffer: buffer, exitCode: -1, requeue: nil, wake: wake)
            return
        }
        await run(job: job, grant: grant, wake: wake)
    }

    /// Tells the server the node is NIMBY (logged when the reason's kind changes).
    private func reportNimby(_ reason: String) async {
        if node.lastNimbyReason.set(name, reason) { log.info("\(name): NIMBY, no new work: \(reason)") }
        let body = WorkerProtocol.nimbyReportBody(name: name, reason: reason, sample: sampler.sample())
        _ = try? await client.post("/workers/heartbeat", body: body, contentType: "application/x-www-form-urlencoded")
    }

    private func run(job: JobAssignment, grant: ResourceGrant, wake: WakeSignal) async {
        let buffer = OutputBuffer(capacity: Self.bufferCapacity, onFull: { wake.signal() })
        var environment = JobEnvironment(overrides: job.environment, base: ProcessInfo.processInfo.environment)
        environment.identify(job: job.id, serverURL: client.baseURL)
        let plan = JobLaunchPlan.make(
            job: job, slotName: name, runCommand: settings.runCommand, environment: environment,
            date: Date(), directoryProblem: JobLaunchPlan.checkDirectory)
        if let devices = grant.cudaVisibleDevices { environment.set("CUDA_VISIBLE_DEVICES", devices) }
        var banner = Data()
        for message in plan.messages {
            banner.append(Data(("* " + message + "\n").utf8))
            log.debug("\(name): \(message)")
        }
        log.info("\(name): start job \(job.id): \(plan.commandLine)" + (grant.cores.isEmpty ? "" : " (cores \(grant.cores))"))
        let state = node.state
        let template = JobRecord(
            worker: settings.name, slot: name, jobID: job.id, user: job.user, pid: 0, startTicks: 0,
            spoolPath: state.spoolPath(jobID: job.id), exitPath: state.exitPath(jobID: job.id),
            deliveredOffset: 0, grant: grant)
        let process: SpooledJob
        do {
            process = try SpooledJob.start(
                record: template, banner: banner, command: plan.commandLine, directory: plan.directory,
                environment: environment.hasOverrides || grant.cudaVisibleDevices != nil ? environment.variables : nil,
                state: state, buffer: buffer, echo: settings.verbose, onExit: { wake.signal() })
        } catch {
            buffer.append(banner)
            buffer.note("ERROR : Can't run the command: \(error)")
            log.info("\(name): cannot run job \(job.id): \(error)")
            for message in JobLaunchPlan.endMessages(exitCode: -1) { buffer.note(message) }
            await report(job: job.id, buffer: buffer, exitCode: -1, requeue: nil, wake: wake)
            node.ledger.release(grant)
            return
        }
        await follow(process, user: job.user, buffer: buffer, wake: wake)
    }

    /// Takes over a job an earlier worker process left running (or that ended meanwhile).
    private func take(over record: JobRecord, wake: WakeSignal) async {
        log.info("\(name): taking over job \(record.jobID) (pid \(record.pid)) from an earlier worker process")
        // The spool from the delivered offset on: the heartbeats go on numbering from there.
        let buffer = OutputBuffer(capacity: Self.bufferCapacity, offset: record.deliveredOffset, onFull: { wake.signal() })
        let process = SpooledJob.adopt(record, state: node.state, buffer: buffer, echo: settings.verbose, onExit: { wake.signal() })
        await follow(process, user: record.user, buffer: buffer, wake: wake)
    }

    /// Supervises a job to its end and reports it, unless the worker detaches from it.
    private func follow(_ process: SpooledJob, user: String, buffer: OutputBuffer, wake: WakeSignal) async {
        let requeue = await supervise(process, user: user, buffer: buffer, wake: wake)
        guard let exitCode = await process.waitForExit() else {
            log.info("\(name): job \(process.jobID) left running (pid \(process.pid)) for the next worker process")
            return
        }
        log.info("\(name): finished job \(process.jobID) (code \(exitCode))")
        if await report(job: process.jobID, buffer: buffer, exitCode: exitCode, requeue: requeue, wake: wake, spool: process) {
            process.discard()
        }
        node.ledger.release(process.grant)
    }

    /// Heartbeats while the job runs: right away, then every `sleep` seconds or as soon as the
    /// output buffer is full. Kills the job on `false`, when the worker stops (unless it detaches),
    /// or when the node becomes NIMBY with `nimbyaction=requeue` (answering that reason).
    private func supervise(_ process: SpooledJob, user: String, buffer: OutputBuffer, wake: WakeSignal) async -> String? {
        var killed = false
        var requeue: String?
        let job = process.jobID
        while !process.hasExited {
            if stop.isRequested && !killed {
                if settings.detachJobs {
                    process.detach()
                    return nil
                }
                log.info("\(name): stopping, killing job \(job)")
                await kill(process, user: user)
                killed = true
            }
            let reason = node.nimby.reason()
            if !killed, case .requeue(let why) = NimbyRules.step(reason: reason, jobRunning: true, action: node.nimby.policy.action) {
                log.info("\(name): NIMBY (\(why)): killing job \(job) and giving it back")
                await kill(process, user: user)
                killed = true
                requeue = why
            }
            let (offset, chunk) = buffer.pending()
            do {
                let answer = try await heartbeat(job: job, chunk: chunk, offset: offset, nimby: reason)
                if answer.status < 500 {
                    buffer.consume(chunk.count)
                    process.delivered(chunk.count)
                }
                if WorkerProtocol.isKillAnswer(answer.text) && !killed {
                    log.info("\(name): server asks to stop job \(job), killing it")
                    await kill(process, user: user)
                    killed = true
                }
            } catch {
                log.info("\(name): heartbeat not delivered (\(error)), output kept for later")
            }
            if process.hasExited { break }
            await wake.wait(seconds: period)
        }
        return requeue
    }

    /// The final heartbeat (all remaining output) and endjob, each re-sent until delivered.
    /// Answers true once the endjob was delivered.
    @discardableResult
    private func report(
        job: Int64, buffer: OutputBuffer, exitCode: Int32, requeue: String?, wake: WakeSignal, spool: SpooledJob? = nil
    ) async -> Bool {
        repeat {
            let (offset, chunk) = buffer.pending()
            guard await deliver("final heartbeat", wake: wake, attemptsWhileStopping: Self.attemptsWhileStopping, {
                try await self.heartbeat(job: job, chunk: chunk, offset: offset)
            }) != nil else {
                log.info("\(name): final output of job \(job) not delivered (stopping)")
                return false
            }
            buffer.consume(chunk.count)
            spool?.delivered(chunk.count)
        } while buffer.count > 0
        let fields = WorkerProtocol.endFields(name: name, jobID: job, errorCode: exitCode, requeue: requeue)
        if await deliver("endjob", wake: wake, attemptsWhileStopping: Self.attemptsWhileStopping, {
            try await self.client.post("/workers/endjob", fields)
        }) == nil {
            log.info("\(name): end of job \(job) not delivered (stopping); the next worker process reports it")
            return false
        }
        return true
    }

    private func heartbeat(job: Int64, chunk: Data, offset: UInt64, nimby: String? = nil) async throws -> HTTPAnswer {
        var body = WorkerProtocol.heartbeatBody(name: name, jobID: job, log: chunk, sample: sampler.sample(), logOffset: offset)
        // While a job finishes on a NIMBY node, the server can show why no new work follows.
        if let nimby { body.append(contentsOf: Array(("&" + FormClient.encode([("nimby", nimby)])).utf8)) }
        return try await client.post(
            "/workers/heartbeat", body: body, contentType: "application/x-www-form-urlencoded")
    }

    /// Sends until the server answers (a 5xx answer counts as not delivered). Once a stop is
    /// asked, gives up after `attemptsWhileStopping` more attempts and answers nil.
    private func deliver(
        _ what: String, wake: WakeSignal, attemptsWhileStopping: Int,
        _ send: @Sendable () async throws -> HTTPAnswer
    ) async -> HTTPAnswer? {
        var attemptsLeft = attemptsWhileStopping
        while true {
            if stop.isRequested {
                if attemptsLeft <= 0 { return nil }
                attemptsLeft -= 1
            }
            do {
                let answer = try await send()
                if answer.status < 500 { return answer }
                log.info("\(name): \(what): server answered HTTP \(answer.status), retrying")
            } catch {
                log.info("\(name): error sending \(what) to the server: \(error)")
            }
            await wake.wait(seconds: stop.isRequested ? 1 : period)
        }
    }

    private func kill(_ process: SpooledJob, user: String) async {
        let runCommand = settings.runCommand
        let log = self.log
        await runOnThread(name: "coalition-kill") {
            process.killTree(fallback: runCommand.isEmpty ? nil : { pid in
                // A job started through the run template may belong to another user: kill it
                // the same way it was started.
                let command = runCommand
                    .replacingOccurrences(of: "__user__", with: user)
                    .replacingOccurrences(of: "__dir__", with: ".")
                    .replacingOccurrences(of: "__cmd__", with: "kill -9 \(pid)")
                log.debug("kill \(pid) with the run template: \(command)")
                _ = try? Spawner.runToEnd(command, echo: false)
            })
        }
    }
}
