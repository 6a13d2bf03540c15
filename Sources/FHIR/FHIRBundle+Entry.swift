import Foundation

extension FHIRBundle {
    /// One entry: a resource with the URL that identifies it (`fullUrl`) and, depending on
    /// the Bundle type, search details, a transaction request or a transaction response.
    ///
    /// Like ``FHIRBundle``, a view over the entry's JSON.
    public struct Entry: Sendable, Hashable {
        public var json: JSON

        public init(json: JSON) {
            self.json = json
        }

        /// A new entry, elements in FHIR's order.
        public init(
            fullUrl: String? = nil,
            resource: JSON? = nil,
            search: Search? = nil,
            request: Request? = nil,
            response: Response? = nil
        ) {
            var json: JSON = [:]
            if let fullUrl { json["fullUrl"] = .string(fullUrl) }
            if let resource { json["resource"] = resource }
            if let search { json["search"] = search.json }
            if let request { json["request"] = request.json }
            if let response { json["response"] = response.json }
            self.json = json
        }

        /// An entry for a resource held at `baseURL`: its `fullUrl` is `baseURL/Type/id`
        /// (no `fullUrl` when the resource has no id).
        public init(resource: JSON, baseURL: String, search: Search? = nil) {
            let fullUrl = resource.address.map { $0.resolved(against: baseURL).description }
            self.init(fullUrl: fullUrl, resource: resource, search: search)
        }

        /// The absolute URL (or `urn:uuid:`) that identifies the resource in this Bundle.
        public var fullUrl: String? {
            json["fullUrl"]?.string
        }

        public var resource: JSON? {
            json["resource"]
        }

        public var search: Search? {
            json["search"].flatMap(Search.init(json:))
        }

        public var request: Request? {
            json["request"].flatMap(Request.init(json:))
        }

        public var response: Response? {
            json["response"].flatMap(Response.init(json:))
        }
    }
}

extension FHIRBundle.Entry {
    /// Why an entry is in a search result.
    public struct Search: Sendable, Hashable {
        public enum Mode: String, Sendable, Hashable, CaseIterable {
            /// It matched the search.
            case match
            /// It was included because a match refers to it (`_include`).
            case include
            /// It is an OperationOutcome about the search.
            case outcome
        }

        public var mode: Mode?
        /// Relevance, 0 to 1, when the server ranks matches.
        public var score: Decimal?

        public init(mode: Mode? = nil, score: Decimal? = nil) {
            self.mode = mode
            self.score = score
        }

        public init?(json: JSON) {
            guard json.object != nil else { return nil }
            self.init(mode: json["mode"]?.string.flatMap(Mode.init(rawValue:)), score: json["score"]?.decimal)
        }

        public var json: JSON {
            var json: JSON = [:]
            if let mode { json["mode"] = .string(mode.rawValue) }
            if let score { json["score"] = .number(JSONNumber(score)) }
            return json
        }
    }

    /// What a transaction or batch entry asks the server to do.
    public struct Request: Sendable, Hashable {
        /// `GET`, `HEAD`, `POST`, `PUT`, `DELETE` or `PATCH`.
        public var method: String
        public var url: String
        /// A search that must match nothing for a create to go ahead (conditional create).
        public var ifNoneExist: String?
        /// The ETag the current version must have (optimistic locking).
        public var ifMatch: String?

        public init(method: String, url: String, ifNoneExist: String? = nil, ifMatch: String? = nil) {
            self.method = method
            self.url = url
            self.ifNoneExist = ifNoneExist
            self.ifMatch = ifMatch
        }

        /// `nil` without `method` and `url`.
        public init?(json: JSON) {
            guard let method = json["method"]?.string, let url = json["url"]?.string else { return nil }
            self.init(method: method, url: url, ifNoneExist: json["ifNoneExist"]?.string, ifMatch: json["ifMatch"]?.string)
        }

        public var json: JSON {
            var json: JSON = ["method": .string(method), "url": .string(url)]
            if let ifMatch { json["ifMatch"] = .string(ifMatch) }
            if let ifNoneExist { json["ifNoneExist"] = .string(ifNoneExist) }
            return json
        }
    }

    /// What happened to a transaction or batch entry.
    public struct Response: Sendable, Hashable {
        /// The HTTP status, starting with the code (`201 Created`).
        public var status: String
        public var location: String?
        public var etag: String?
        public var lastModified: FHIRInstant?
        /// An OperationOutcome resource with details, for failures and warnings.
        public var outcome: JSON?

        public init(
            status: String, location: String? = nil, etag: String? = nil, lastModified: FHIRInstant? = nil,
            outcome: JSON? = nil
        ) {
            self.status = status
            self.location = location
            self.etag = etag
            self.lastModified = lastModified
            self.outcome = outcome
        }

        /// `nil` without `status`.
        public init?(json: JSON) {
            guard let status = json["status"]?.string else { return nil }
            self.init(
                status: status,
                location: json["location"]?.string,
                etag: json["etag"]?.string,
                lastModified: json["lastModified"]?.string.flatMap(FHIRInstant.init),
                outcome: json["outcome"])
        }

        public var json: JSON {
            var json: JSON = ["status": .string(status)]
            if let location { json["location"] = .string(location) }
            if let etag { json["etag"] = .string(etag) }
            if let lastModified { json["lastModified"] = .string(lastModified.description) }
            if let outcome { json["outcome"] = outcome }
            return json
        }
    }
}
