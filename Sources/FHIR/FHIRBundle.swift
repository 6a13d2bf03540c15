/// A FHIR Bundle: a list of resources with a purpose (a PAS request, a search result, a
/// collection of demo members).
///
/// A view over the Bundle's ``JSON``: reading an entry, a link or the timestamp goes to the
/// JSON, so nothing the sender wrote is lost and the Bundle can be passed on unchanged.
public struct FHIRBundle: Sendable, Hashable {
    /// Why the Bundle exists (FHIR value set `bundle-type`).
    public enum BundleType: String, Sendable, Hashable, CaseIterable {
        case document, message, transaction, batch, history, searchset, collection
        case transactionResponse = "transaction-response"
        case batchResponse = "batch-response"
    }

    /// A link about the Bundle as a whole, e.g. `next` for the next page of a search.
    public struct Link: Sendable, Hashable {
        /// `self`, `first`, `previous`, `next`, `last` …
        public var relation: String
        public var url: String

        public init(relation: String, url: String) {
            self.relation = relation
            self.url = url
        }

        public var json: JSON {
            ["relation": .string(relation), "url": .string(url)]
        }
    }

    /// The Bundle resource.
    public var json: JSON

    /// Wraps a Bundle resource; throws when `json` is not an object with `resourceType` Bundle.
    public init(json: JSON) throws(OperationOutcome) {
        guard json.object != nil else {
            throw .error(.structure, "A Bundle must be a JSON object.", expression: ["Bundle"])
        }
        guard json.resourceType == "Bundle" else {
            let found = json.resourceType.map { "a \($0)" } ?? "a resource without resourceType"
            throw .error(.invalid, "Expected a Bundle but found \(found).", expression: ["Bundle"])
        }
        self.json = json
    }

    /// A new Bundle, elements in FHIR's order; absent ones omitted.
    public init(
        type: BundleType,
        id: String? = nil,
        identifier: Identifier? = nil,
        timestamp: FHIRInstant? = nil,
        total: Int? = nil,
        links: [Link] = [],
        entries: [Entry] = []
    ) {
        var json = JSON.resource(type: "Bundle", id: id)
        if let identifier { json["identifier"] = identifier.json }
        json["type"] = .string(type.rawValue)
        if let timestamp { json["timestamp"] = .string(timestamp.description) }
        if let total { json["total"] = .number(JSONNumber(total)) }
        if !links.isEmpty { json["link"] = .array(links.map(\.json)) }
        if !entries.isEmpty { json["entry"] = .array(entries.map(\.json)) }
        self.json = json
    }

    /// `type`, when it is one of the FHIR codes.
    public var type: BundleType? {
        json["type"]?.string.flatMap(BundleType.init(rawValue:))
    }

    public var id: String? { json.id }

    /// The Bundle's business identifier (for PAS, the submitter's transaction number).
    public var identifier: Identifier? {
        json["identifier"].flatMap(Identifier.init(json:))
    }

    /// When the Bundle was assembled; `nil` when absent or not a valid instant.
    public var timestamp: FHIRInstant? {
        json["timestamp"]?.string.flatMap(FHIRInstant.init)
    }

    /// The number of matches of a search (all pages), when the server counted them.
    public var total: Int? {
        json["total"]?.int
    }

    public var links: [Link] {
        (json["link"]?.array ?? []).compactMap { link in
            guard let relation = link["relation"]?.string, let url = link["url"]?.string else { return nil }
            return Link(relation: relation, url: url)
        }
    }

    /// The URL of the link with this relation (`next`, `self` …).
    public func link(_ relation: String) -> String? {
        links.first { $0.relation == relation }?.url
    }

    /// The entries in order.
    public var entries: [Entry] {
        (json["entry"]?.array ?? []).map(Entry.init(json:))
    }

    /// The resources of all entries that have one, in order.
    public var resources: [JSON] {
        (json["entry"]?.array ?? []).compactMap { $0["resource"] }
    }

    /// The entries whose resource has this `resourceType`.
    public func entries(ofType resourceType: String) -> [Entry] {
        entries.filter { $0.resource?.resourceType == resourceType }
    }
}
