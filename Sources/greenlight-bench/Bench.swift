import ArgumentParser
import Logging
import Server

/// `greenlight-bench`: performance figures, printed, never asserted.
///
/// Each benchmark measures Greenlight's code and a baseline in the same run on the same
/// machine, so the ratio means something even when absolute numbers vary between machines.
/// Build with `-c release` (`make bench` does) or the figures describe the debugger, not us.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greenlight-bench",
        abstract: "Measure Greenlight's hot paths against baselines and print the figures.",
        subcommands: [JSONBenchmark.self, StoreBenchmark.self, RulesBenchmark.self, CRDBenchmark.self, PASBenchmark.self]
    )

    /// Installs the log handler `greenlight serve` installs by default, so the server measured
    /// pays for logging what the real one does.
    static func main() async {
        LoggingSystem.bootstrap { label in LineLogHandler(label: label) }
        await main(nil)
    }
}
