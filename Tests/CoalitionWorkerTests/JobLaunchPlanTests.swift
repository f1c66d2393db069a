@testable import CoalitionWorker
import Foundation
import Testing

@Suite struct JobLaunchPlanTests {
    let date = Date(timeIntervalSince1970: 0)

    private func job(_ command: String, dir: String, user: String = "bob", env: String? = nil) -> JobAssignment {
        JobAssignment(id: 1, command: command, directory: dir, user: user, environment: env)
    }

    @Test func plainJob() {
        let environment = JobEnvironment(overrides: "OUT=/o", base: [:])
        let plan = JobLaunchPlan.make(
            job: job("render $(OUT) $(MISSING)", dir: "/tmp"), slotName: "n-1", runCommand: "",
            environment: environment, date: date, directoryProblem: { _ in nil })
        #expect(plan.commandLine == "render /o ")
        #expect(plan.directory == "/tmp")
        #expect(plan.messages.first == "ERROR : Environment variable not found : MISSING")
        #expect(plan.messages[1] == "START " + String(repeating: "*", count: 34))
        #expect(plan.messages[2] == "WORKER : n-1")
        #expect(plan.messages[3] == "DATE : " + JobLaunchPlan.bannerDate(date))
        #expect(plan.messages.last == "CMD : render /o ")
    }

    @Test func backslashesInDirectoryBecomeSlashes() {
        let environment = JobEnvironment(overrides: "P_DRIVE=/mnt/p", base: [:])
        let plan = JobLaunchPlan.make(
            job: job("x", dir: "P:\\proj\\shot"), slotName: "n-1", runCommand: "", environment: environment,
            date: date, directoryProblem: { _ in nil })
        #expect(plan.directory == "/mnt/p/proj/shot")
    }

    @Test func missingDirectoryIsLoggedAndTheJobStillRuns() {
        let plan = JobLaunchPlan.make(
            job: job("x", dir: "/no/such/dir"), slotName: "n-1", runCommand: "",
            environment: JobEnvironment(overrides: nil, base: [:]), date: date,
            directoryProblem: JobLaunchPlan.checkDirectory)
        #expect(plan.directory == nil)
        #expect(plan.messages.contains("ERROR : Can't change dir to /no/such/dir: [Errno 2] No such file or directory: '/no/such/dir'"))
        #expect(plan.messages.last == "CMD : x")
    }

    @Test func runCommandTemplate() {
        let plan = JobLaunchPlan.make(
            job: job("echo $(A)", dir: "/data/__user__"), slotName: "n-1",
            runCommand: "sudo -u __user__ -E -- sh -c 'cd __dir__; __cmd__'",
            environment: JobEnvironment(overrides: "A=1", base: [:]), date: date, directoryProblem: { _ in "never asked" })
        // Plain substitution in order: text brought in by __dir__ is not substituted again.
        #expect(plan.commandLine == "sudo -u bob -E -- sh -c 'cd /data/__user__; echo 1'")
        #expect(plan.directory == nil)
    }

    @Test func emptyDirectoryKeepsTheWorkersDirectory() {
        let plan = JobLaunchPlan.make(
            job: job("x", dir: ""), slotName: "n-1", runCommand: "",
            environment: JobEnvironment(overrides: nil, base: [:]), date: date, directoryProblem: { _ in "never asked" })
        #expect(plan.directory == nil)
        #expect(!plan.messages.contains { $0.hasPrefix("ERROR") })
    }

    @Test func endLines() {
        #expect(JobLaunchPlan.endMessages(exitCode: -9) == ["EXIT : -9", "END ********\n"])
    }

    @Test func bannerDateFormat() {
        let text = JobLaunchPlan.bannerDate(Date())
        #expect(text.range(of: #"^\d\d/\d\d/\d\d \d\d:\d\d$"#, options: .regularExpression) != nil)
    }

    @Test func directoryChecks() {
        #expect(JobLaunchPlan.checkDirectory("/tmp") == nil)
        #expect(JobLaunchPlan.checkDirectory("/etc/hostname")?.hasPrefix("[Errno 20] Not a directory") == true)
    }
}
