extension HookData {
    /// The log entry for a prefetch key (`coverage`) or a read by reference
    /// (`Organization/acme`), if the gathering made one.
    public func prefetchEntry(_ key: String) -> PrefetchLogEntry? {
        prefetchLog.first { $0.key == key }
    }

    /// Whether the EHR sent the `coverage` key as `null` — its way of saying the patient has no
    /// (active) coverage — as opposed to a search that was run and found none (then
    /// ``coverages`` is empty and the entry's source is `prefetch` or `fetched`).
    public var coverageSentAsNull: Bool {
        prefetchEntry("coverage")?.source == PrefetchLogEntry.Source.none
    }
}
