import Foundation

/// How many keyboard and mouse events the machine has seen: the sum of the interrupt counters
/// of the input controllers in `/proc/interrupts`.
///
/// Why interrupt counters rather than logind's `IdleHint`: the hint is only maintained by
/// desktop sessions that implement it (it stays "not idle" or "idle" for ever on consoles,
/// remote desktops and many window managers) and reading it needs D-Bus, while
/// `/proc/interrupts` is readable by any user, needs nothing, and counts the hardware events
/// themselves. The controllers counted are the PS/2 controller (`i8042`, built-in keyboards and
/// touchpads), I2C HID devices (`hid`) and the USB host controllers (`xhci`, `ehci`, `ohci`,
/// `uhci`) that carry USB keyboards and mice. USB controllers also carry other devices (disks),
/// so their traffic errs on the side of leaving the machine to its user.
public enum InputActivity {
    /// Names of interrupt handlers that carry keyboard or mouse input.
    static let inputHandlers = ["i8042", "hid", "xhci", "ehci", "ohci", "uhci"]

    /// The sum of the counters (over every processor) of the input lines of `/proc/interrupts`.
    public static func count(procInterrupts text: String) -> UInt64 {
        var lines = text.split(separator: "\n")
        guard !lines.isEmpty else { return 0 }
        let processors = lines.removeFirst().split(separator: " ").filter { $0.hasPrefix("CPU") }.count
        var total: UInt64 = 0
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let fields = line[line.index(after: colon)...].split(separator: " ", omittingEmptySubsequences: true)
            let counters = fields.prefix(processors).compactMap { UInt64($0) }
            let description = fields.dropFirst(counters.count).joined(separator: " ").lowercased()
            guard inputHandlers.contains(where: { description.contains($0) }) else { continue }
            total = counters.reduce(total, &+)
        }
        return total
    }
}
