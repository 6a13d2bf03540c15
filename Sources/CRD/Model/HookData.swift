import FHIR
import Foundation

/// Everything a hook's decisions need, gathered from the context, the prefetch and — for
/// prefetch keys the EHR left out — the EHR's FHIR server. Built by ``HookDataGatherer``;
/// read by the decision side. Resources are FHIR R4 JSON as received.
public struct HookData: Sendable, Hashable {
    public var request: HookRequest
    /// The Patient of `context.patientId`, when it could be had.
    public var patient: JSON?
    /// Every Coverage found for the patient (prefetch or search), active or not: the decision
    /// side insists on exactly one active Coverage of a payer this server serves.
    public var coverages: [JSON]
    /// The orders the hook is about, in context order: draftOrders' entries (order-sign,
    /// order-select), the dispatched orders (order-dispatch, either shape), the proposed
    /// Appointments (appointment-book); empty for encounter-start/discharge.
    public var orders: [JSON]
    /// order-select: the selected orders' references (`ServiceRequest/123`); empty otherwise.
    public var selections: [String]
    /// The Encounter of `context.encounterId`, when present.
    public var encounter: JSON?
    /// `context.userId` (`Practitioner/123`, `PractitionerRole/…`, `Patient/…`).
    public var user: String?
    /// order-dispatch: `context.performer`.
    public var performer: String?
    /// order-dispatch: the fulfillment Tasks, when sent.
    public var tasks: [JSON]
    /// Other resources by `Type/id` (Practitioner, PractitionerRole, Organization, Location,
    /// Device, Medication, …) from prefetch, context Bundles and fetches, to resolve an order's
    /// requester and performer.
    public var resources: [String: JSON]
    /// What each prefetch key contributed, for the dispute log.
    public var prefetchLog: [PrefetchLogEntry]

    public init(
        request: HookRequest, patient: JSON? = nil, coverages: [JSON] = [], orders: [JSON] = [],
        selections: [String] = [], encounter: JSON? = nil, user: String? = nil, performer: String? = nil,
        tasks: [JSON] = [], resources: [String: JSON] = [:], prefetchLog: [PrefetchLogEntry] = []
    ) {
        self.request = request
        self.patient = patient
        self.coverages = coverages
        self.orders = orders
        self.selections = selections
        self.encounter = encounter
        self.user = user
        self.performer = performer
        self.tasks = tasks
        self.resources = resources
        self.prefetchLog = prefetchLog
    }

    /// The resource a reference names (`Practitioner/123`, or an absolute URL ending in
    /// `Type/id`), if it was gathered.
    public func resolve(_ reference: String) -> JSON? {
        if let found = resources[reference] { return found }
        let parts = reference.split(separator: "/")
        guard parts.count >= 2 else { return nil }
        return resources["\(parts[parts.count - 2])/\(parts[parts.count - 1])"]
    }
}

/// Where one prefetch key's data came from.
public struct PrefetchLogEntry: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable {
        /// The EHR sent it in `prefetch`.
        case prefetch
        /// The EHR sent `null`: no data; not fetched.
        case none
        /// Fetched from `fhirServer` because the key was absent.
        case fetched
        /// Absent and could not be fetched (no fhirServer, or the fetch failed).
        case unavailable
        /// The template has a token this request cannot fill (e.g. no encounterId): skipped.
        case notApplicable = "not-applicable"
    }

    public var key: String
    public var source: Source
    /// The query run or that would have run (`Coverage?patient=123&status=active`).
    public var query: String?
    /// Resources the key contributed.
    public var resourceCount: Int
    /// Milliseconds spent fetching; 0 unless fetched.
    public var milliseconds: Int
    /// Why it is unavailable.
    public var problem: String?

    public init(key: String, source: Source, query: String? = nil, resourceCount: Int = 0, milliseconds: Int = 0, problem: String? = nil) {
        self.key = key
        self.source = source
        self.query = query
        self.resourceCount = resourceCount
        self.milliseconds = milliseconds
        self.problem = problem
    }

    /// The entry as the hook-call log keeps it: keys sorted, absent ones left out (what
    /// `JSONEncoder` with sorted keys wrote, without its cost on every call).
    public var json: JSON {
        var members: [(String, JSON)] = [("key", .string(key)), ("milliseconds", .number(JSONNumber(milliseconds)))]
        if let problem { members.append(("problem", .string(problem))) }
        if let query { members.append(("query", .string(query))) }
        members += [("resourceCount", .number(JSONNumber(resourceCount))), ("source", .string(source.rawValue))]
        return .object(JSONObject(uniqueMembers: members))
    }
}
