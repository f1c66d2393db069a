import Foundation

/// What exactly to start for a job, and the lines the worker writes into the job's log,
/// decided without touching the system (the directory check is passed in).
struct JobLaunchPlan: Equatable, Sendable {
    /// Lines for the job log (without the `* ` prefix), in order, up to and including `CMD`.
    var messages: [String]
    /// The command line given to `/bin/sh -c`.
    var commandLine: String
    /// The child's working directory; nil keeps the worker's.
    var directory: String?

    /// - Parameters:
    ///   - runCommand: the `[worker] runcommand` template, or empty.
    ///   - date: the time shown in the banner.
    ///   - directoryProblem: answers why a directory cannot be used, nil when it can.
    static func make(
        job: JobAssignment, slotName: String, runCommand: String, environment: JobEnvironment,
        date: Date, directoryProblem: (String) -> String?
    ) -> JobLaunchPlan {
        let command = environment.expand(job.command)
        let directory = environment.expand(job.directory)
        var messages = command.messages + directory.messages
        messages.append("START " + String(repeating: "*", count: 34))
        messages.append("WORKER : " + slotName)
        messages.append("DATE : " + bannerDate(date))

        var commandLine = command.text
        var workingDirectory: String?
        if !runCommand.isEmpty {
            // The template changes user and directory itself; plain substitution, in this order.
            commandLine = runCommand
                .replacingOccurrences(of: "__user__", with: job.user)
                .replacingOccurrences(of: "__dir__", with: directory.text)
                .replacingOccurrences(of: "__cmd__", with: command.text)
        } else if !directory.text.isEmpty {
            let path = directory.text.replacingOccurrences(of: "\\", with: "/")
            if let problem = directoryProblem(path) {
                messages.append("ERROR : Can't change dir to \(path): \(problem)")
            } else {
                workingDirectory = path
            }
        }
        messages.append("CMD : " + commandLine)
        return JobLaunchPlan(messages: messages, commandLine: commandLine, directory: workingDirectory)
    }

    /// The closing lines once the process has ended.
    static func endMessages(exitCode: Int32) -> [String] {
        ["EXIT : \(exitCode)", "END " + String(repeating: "*", count: 8) + "\n"]
    }

    /// `dd/mm/yy HH:MM` in local time.
    static func bannerDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "dd/MM/yy HH:mm"
        return formatter.string(from: date)
    }

    /// Why `path` cannot be a working directory, in the style of the original's message
    /// (`[Errno 2] No such file or directory: 'path'`); nil when it can.
    static func checkDirectory(_ path: String) -> String? {
        var info = stat()
        var failure: Int32 = 0
        if stat(path, &info) != 0 {
            failure = errno
        } else if info.st_mode & S_IFMT != S_IFDIR {
            failure = ENOTDIR
        } else if access(path, X_OK) != 0 {
            failure = errno
        }
        guard failure != 0 else { return nil }
        return "[Errno \(failure)] \(String(cString: strerror(failure))): '\(path)'"
    }
}
