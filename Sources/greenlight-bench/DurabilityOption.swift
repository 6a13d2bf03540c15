import ArgumentParser
import CaseStore

/// `--durability process|full`, shared by the benchmarks that write to the case store.
struct DurabilityOption: ParsableArguments {
    @Option(help: "What an answered write survives: process (a killed process; the server's default) or full (a power loss too: fsync before every answer).")
    var durability: CaseStoreSettings.Durability = .process
}

extension CaseStoreSettings.Durability: ExpressibleByArgument {}

extension CaseStoreSettings.Durability {
    /// How the benchmarks print it.
    var label: String {
        switch self {
        case .process: "durability process (WAL, synchronous=NORMAL)"
        case .full: "durability full (WAL, synchronous=FULL, group commit)"
        }
    }
}
