import FHIR

/// Gathers what a hook's decisions need (``HookData``) from the request's context, its
/// prefetch, and — for whatever prefetch left out — the EHR's FHIR server.
///
/// For each of the hook's ``PrefetchCatalog`` templates: a key sent with data is used as
/// sent; a key sent as `null` means "no data" and is never fetched; an absent key (or one
/// holding an OperationOutcome) is fetched from `fhirServer` with the hook's bearer token, all
/// such fetches at once. Then the references decisions follow — each order's requester and
/// performer, a PractitionerRole's Practitioner and Organization, each Coverage's payor — are
/// read by reference where nothing gathered so far holds them; failures there are logged,
/// not fatal.
///
/// Throws 412 only when a required key (the Patient, the Coverage search) is neither in
/// prefetch nor fetchable — never for a key sent as `null`, and never for records that are
/// merely incomplete.
public struct HookDataGatherer: Sendable {
    /// Reads from `fhirServer`; `nil` means this service never fetches (prefetch only).
    public var fetcher: (any FHIRResourceFetcher)?
    /// Rounds of reference reads: a requester PractitionerRole read in one round names the
    /// Practitioner and Organization read in the next.
    public var referenceRounds: Int
    /// No round of reference reads starts once this much time has passed since gathering
    /// began: they are nice to have, and the hook must answer within the CRD guide's 5 s
    /// target (each fetch is bounded by the fetcher's own timeout).
    public var referenceBudget: Duration

    public init(fetcher: (any FHIRResourceFetcher)?, referenceRounds: Int = 3, referenceBudget: Duration = .seconds(2)) {
        self.fetcher = fetcher
        self.referenceRounds = referenceRounds
        self.referenceBudget = referenceBudget
    }

    public func gather(_ request: HookRequest) async throws(HookError) -> HookData {
        let deadline = ContinuousClock.now + referenceBudget
        let context = ContextResources(request)
        var gathering = Gathering(request: request, fetcher: fetcher)
        gathering.resources.add(contentsOf: context.all)

        // Prefetch first, so nothing the EHR sent is fetched again; then every fetch at once.
        var jobs = gathering.takePrefetch()
        jobs += gathering.orderReads(for: context.dispatchedOrders)
        await gathering.run(jobs)
        try gathering.checkRequiredKeys()

        let orders =
            request.hook == .orderDispatch
            ? context.dispatchedOrders.compactMap { gathering.resources[$0] } : context.orders
        await gathering.followReferences(from: orders, rounds: referenceRounds, until: deadline)
        return gathering.data(orders: orders, tasks: context.tasks)
    }
}
