/// The small, rarely written tables every request reads, kept in memory (see ``CachedValue``).
struct DirectoryCache: Sendable {
    let payers: CachedValue<[Payer]>
    /// By id.
    let plans: CachedValue<[String: HealthPlan]>
    /// By id; a client missing here is looked up in the database (it may have just been
    /// registered by another process).
    let clients: CachedValue<[String: RegisteredClient]>

    init(freshness: Duration) {
        payers = CachedValue(freshness: freshness)
        plans = CachedValue(freshness: freshness)
        clients = CachedValue(freshness: freshness)
    }

    /// Another process changed the file: everything is read again.
    func invalidateAll() {
        payers.invalidate()
        plans.invalidate()
        clients.invalidate()
    }
}
