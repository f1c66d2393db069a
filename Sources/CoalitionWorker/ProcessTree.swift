import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One process as seen in `/proc/<pid>/stat`.
struct ProcessEntry: Equatable, Sendable {
    var pid: Int32
    var parent: Int32
    var group: Int32
    /// One-letter state (`R`, `S`, `Z` for a zombie, …).
    var state: Character = "R"

    /// A zombie has exited already; it only waits to be reaped.
    var isZombie: Bool { state == "Z" || state == "X" }
}

/// Finding a job's processes, including those that left its process group (`setsid`, `setpgid`).
enum ProcessTree {
    /// Parses the text of `/proc/<pid>/stat`. The command name is in parentheses and may itself
    /// contain spaces and parentheses, so the fields are read after the last `)`.
    static func parseStat(_ text: String) -> ProcessEntry? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close,
              let pid = Int32(String(text[..<open]).trimmingWhitespace()) else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // Fields after the name: state, ppid, pgrp, …
        guard fields.count >= 3, let parent = Int32(fields[1]), let group = Int32(fields[2]) else { return nil }
        return ProcessEntry(pid: pid, parent: parent, group: group, state: fields[0].first ?? "R")
    }

    /// Every process that descends from `root` (children first found, then theirs), excluding root.
    static func descendants(of root: Int32, in table: [ProcessEntry]) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for entry in table where entry.pid != entry.parent {
            children[entry.parent, default: []].append(entry.pid)
        }
        var result: [Int32] = []
        var seen: Set<Int32> = [root]
        var queue = [root]
        while let next = queue.popLast() {
            for child in children[next] ?? [] where seen.insert(child).inserted {
                result.append(child)
                queue.append(child)
            }
        }
        return result
    }

    /// Every process of `group` plus every descendant of `root` (wherever its group is).
    static func members(root: Int32, group: Int32, in table: [ProcessEntry]) -> [Int32] {
        var result = table.filter { $0.group == group }.map(\.pid)
        var seen = Set(result)
        for pid in descendants(of: root, in: table) + table.filter({ $0.group == group }).flatMap({
            descendants(of: $0.pid, in: table)
        }) where seen.insert(pid).inserted {
            result.append(pid)
        }
        return result
    }

    /// A snapshot of all processes from `/proc` (empty where `/proc` is unavailable).
    static func snapshot() -> [ProcessEntry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var table: [ProcessEntry] = []
        for name in names where name.first?.isNumber == true {
            guard let text = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let entry = parseStat(text) else { continue }
            table.append(entry)
        }
        return table
    }

    /// Kills a job's whole tree at once: every process of the group `root` leads and every
    /// descendant that left it. They are stopped first (so none can fork while the tree is
    /// collected), then killed with SIGKILL. `fallback` is tried for processes the worker may
    /// not signal itself (another user).
    static func killAll(root pid: pid_t, fallback: ((pid_t) -> Void)? = nil) {
        var victims: Set<pid_t> = [pid]
        _ = kill(pid, SIGSTOP)
        _ = kill(-pid, SIGSTOP)
        // A few rounds: each stop can reveal processes forked just before it.
        for _ in 0..<4 {
            let table = snapshot().filter { !$0.isZombie }
            let found = Set(members(root: pid, group: pid, in: table)).subtracting(victims)
            if found.isEmpty { break }
            for victim in found { _ = kill(victim, SIGSTOP) }
            victims.formUnion(found)
        }
        _ = kill(-pid, SIGKILL)
        for victim in victims where kill(victim, SIGKILL) != 0 && errno == EPERM {
            fallback?(victim)
        }
    }
}
