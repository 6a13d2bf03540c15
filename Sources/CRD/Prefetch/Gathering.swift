import FHIR
import Foundation

/// The state of one gathering: what was found, and what each key and read contributed.
struct Gathering {
    let request: HookRequest
    let fetcher: (any FHIRResourceFetcher)?
    var resources = GatheredResources()
    /// The resources each template key contributed, to pick the Patient and Encounter when
    /// the context's id does not match.
    var contributions: [String: [JSON]] = [:]
    var log: [PrefetchLogEntry] = []

    init(request: HookRequest, fetcher: (any FHIRResourceFetcher)?) {
        self.request = request
        self.fetcher = fetcher
    }

    /// The server to read from, when there is one and a fetcher to read with.
    var source: (fetcher: any FHIRResourceFetcher, base: URL)? {
        guard let fetcher, let base = request.fhirServer else { return nil }
        return (fetcher, base)
    }

    func data(orders: [JSON], tasks: [JSON]) -> HookData {
        // Template keys first, in the catalog's order, then reads by reference as they ran.
        let keys = PrefetchCatalog.templates(for: request.hook).map(\.key)
        let log = keys.compactMap { key in self.log.first { $0.key == key } } + self.log.filter { !keys.contains($0.key) }
        let patient = contextResource("Patient", idKey: "patientId", prefetchKey: "patient")
        let encounter = contextResource("Encounter", idKey: "encounterId", prefetchKey: "encounter")
        return HookData(
            request: request, patient: patient, coverages: resources.all(ofType: "Coverage"), orders: orders,
            selections: request.context["selections"]?.array?.compactMap(\.string) ?? [], encounter: encounter,
            user: request.context["userId"]?.string, performer: request.context["performer"]?.string, tasks: tasks,
            resources: resources.byAddress, prefetchLog: log)
    }

    /// The resource the context names by id, or else the one its own prefetch key brought.
    private func contextResource(_ type: String, idKey: String, prefetchKey: String) -> JSON? {
        if let id = request.context[idKey]?.string, let found = resources["\(type)/\(id)"] { return found }
        return contributions[prefetchKey]?.first { $0.resourceType == type }
    }
}
