import ArgumentParser

/// `--only all|in-process|closed-loop`, shared by the benchmarks that measure a service both
/// in process and over HTTP: one phase alone is what a profiler should watch.
struct PhaseOption: ParsableArguments {
    @Option(help: "What to measure: all (the default), in-process (the service alone, no HTTP) or closed-loop (over HTTP at --concurrency only). The last two are for profiling.")
    var only: Phase = .all

    enum Phase: String, ExpressibleByArgument, CaseIterable {
        case all, inProcess = "in-process", closedLoop = "closed-loop"
    }
}
