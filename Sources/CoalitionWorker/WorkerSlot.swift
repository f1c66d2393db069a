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

    init(
        name: String, settings: WorkerSettings, client: FormClient, log: WorkerLog,
        sampler: HostSampler, stop: StopController
    ) {
        self.name = name
        self.settings = settings
        self.client = client
        self.log = log
        self.sampler = sampler
        self.stop = stop
    }

    /// Seconds between polls and heartbeats (a zero `sleep` would spin).
    private var period: Double { max(settings.sleep, 0.05) }

    /// The loop; returns once a stop was asked and any running job was reported.
    func run() async {
        let wake = WakeSignal()
        stop.register(wake)
        defer { stop.unregister(wake) }
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

    /// One pickjob, and the job it brings, if any.
    private func poll(wake: WakeSignal) async throws {
        log.debug("\(name): ask for a job")
        guard let answer = await deliver("pickjob", wake: wake, attemptsWhileStopping: 0, {
            try await self.client.post("/workers/pickjob", WorkerProtocol.pickFields(name: self.name, sample: self.sampler.sample()))
        }) else { return }
        guard let job = try WorkerProtocol.parsePickAnswer(answer.text) else { return }
        if stop.isRequested {
            // The server handed a job out as the worker was stopping: give it back as failed
            // rather than leave it WORKING until it times out.
            let buffer = OutputBuffer(capacity: Self.bufferCapacity)
            buffer.note("ERROR : worker \(name) stopping, job not started")
            await report(job: job, buffer: buffer, exitCode: -1, wake: wake)
            return
        }
        await run(job: job, wake: wake)
    }

    private func run(job: JobAssignment, wake: WakeSignal) async {
        let buffer = OutputBuffer(capacity: Self.bufferCapacity, onFull: { wake.signal() })
        var environment = JobEnvironment(overrides: job.environment, base: ProcessInfo.processInfo.environment)
        environment.identify(job: job.id, serverURL: client.baseURL)
        let plan = JobLaunchPlan.make(
            job: job, slotName: name, runCommand: settings.runCommand, environment: environment,
            date: Date(), directoryProblem: JobLaunchPlan.checkDirectory)
        for message in plan.messages {
            buffer.note(message)
            log.debug("\(name): \(message)")
        }
        log.info("\(name): start job \(job.id): \(plan.commandLine)")
        let exitCode: Int32
        do {
            let process = try JobProcess.start(
                command: plan.commandLine, directory: plan.directory,
                environment: environment.hasOverrides ? environment.variables : nil,
                buffer: buffer, echo: settings.verbose, onExit: { wake.signal() })
            await supervise(process, job: job, buffer: buffer, wake: wake)
            exitCode = await process.waitForExit()
        } catch {
            buffer.note("ERROR : Can't run the command: \(error)")
            log.info("\(name): cannot run job \(job.id): \(error)")
            exitCode = -1
        }
        for message in JobLaunchPlan.endMessages(exitCode: exitCode) { buffer.note(message) }
        log.info("\(name): finished job \(job.id) (code \(exitCode))")
        await report(job: job, buffer: buffer, exitCode: exitCode, wake: wake)
    }

    /// Heartbeats while the job runs: right away, then every `sleep` seconds or as soon as the
    /// output buffer is full. Kills the job on `false` or when the worker stops.
    private func supervise(_ process: JobProcess, job: JobAssignment, buffer: OutputBuffer, wake: WakeSignal) async {
        var killed = false
        while !process.hasExited {
            if stop.isRequested && !killed {
                log.info("\(name): stopping, killing job \(job.id)")
                await kill(process, user: job.user)
                killed = true
            }
            let chunk = buffer.snapshot()
            do {
                let answer = try await heartbeat(job: job, chunk: chunk)
                if answer.status < 500 { buffer.consume(chunk.count) }
                if WorkerProtocol.isKillAnswer(answer.text) && !killed {
                    log.info("\(name): server asks to stop job \(job.id), killing it")
                    await kill(process, user: job.user)
                    killed = true
                }
            } catch {
                log.info("\(name): heartbeat not delivered (\(error)), output kept for later")
            }
            if process.hasExited { break }
            await wake.wait(seconds: period)
        }
    }

    /// The final heartbeat (all remaining output) and endjob, each re-sent until delivered.
    private func report(job: JobAssignment, buffer: OutputBuffer, exitCode: Int32, wake: WakeSignal) async {
        repeat {
            let chunk = buffer.snapshot()
            guard await deliver("final heartbeat", wake: wake, attemptsWhileStopping: Self.attemptsWhileStopping, {
                try await self.heartbeat(job: job, chunk: chunk)
            }) != nil else {
                log.info("\(name): final output of job \(job.id) not delivered (stopping)")
                break
            }
            buffer.consume(chunk.count)
        } while buffer.count > 0
        let fields = WorkerProtocol.endFields(name: name, jobID: job.id, errorCode: exitCode)
        if await deliver("endjob", wake: wake, attemptsWhileStopping: Self.attemptsWhileStopping, {
            try await self.client.post("/workers/endjob", fields)
        }) == nil {
            log.info("\(name): end of job \(job.id) not delivered (stopping)")
        }
    }

    private func heartbeat(job: JobAssignment, chunk: Data) async throws -> HTTPAnswer {
        let body = WorkerProtocol.heartbeatBody(name: name, jobID: job.id, log: chunk, sample: sampler.sample())
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

    private func kill(_ process: JobProcess, user: String) async {
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
