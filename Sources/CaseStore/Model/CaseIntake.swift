/// A new request, as the PAS layer hands it to the store.
///
/// There is no receipt time here on purpose: the store reads it from its ``TimeSource``, so the
/// clock always starts at the moment the store accepted the request.
public struct CaseIntake: Sendable, Hashable {
    public var submitter: String
    public var requestIdentifier: RequestIdentifier
    public var memberID: String
    public var providerNPI: String?
    public var insurerID: String?
    public var urgency: Urgency
    public var authorizationNumber: String?
    public var coverageAssertionID: String?
    /// The request as received, as JSON text.
    public var requestJSON: String
    /// The identifiers of the request's Claim (PAS: its trace numbers), by which a later Claim
    /// Update names the Claim it replaces.
    public var claimIdentifiers: [RequestIdentifier]
    /// At least one item, with distinct positive sequence numbers.
    public var items: [Item]

    public init(
        submitter: String,
        requestIdentifier: RequestIdentifier,
        memberID: String,
        providerNPI: String? = nil,
        insurerID: String? = nil,
        urgency: Urgency,
        authorizationNumber: String? = nil,
        coverageAssertionID: String? = nil,
        requestJSON: String,
        claimIdentifiers: [RequestIdentifier] = [],
        items: [Item]
    ) {
        self.submitter = submitter
        self.requestIdentifier = requestIdentifier
        self.memberID = memberID
        self.providerNPI = providerNPI
        self.insurerID = insurerID
        self.urgency = urgency
        self.authorizationNumber = authorizationNumber
        self.coverageAssertionID = coverageAssertionID
        self.requestJSON = requestJSON
        self.claimIdentifiers = claimIdentifiers
        self.items = items
    }

    /// One requested item (`Claim.item`).
    public struct Item: Sendable, Hashable {
        public var sequence: Int
        public var service: ServiceCode
        public var quantity: Quantity?
        public var servicePeriod: ServicePeriod?

        public init(sequence: Int, service: ServiceCode, quantity: Quantity? = nil, servicePeriod: ServicePeriod? = nil)
        {
            self.sequence = sequence
            self.service = service
            self.quantity = quantity
            self.servicePeriod = servicePeriod
        }
    }

    /// Refuses intakes that would make a case nobody can answer.
    public func validate() throws(CaseStoreError) {
        func refuse(_ message: String) -> CaseStoreError { CaseStoreError(.invalidIntake, message) }
        guard !submitter.isEmpty else { throw refuse("the submitter is missing") }
        guard !requestIdentifier.value.isEmpty else { throw refuse("the request identifier has no value") }
        guard !memberID.isEmpty else { throw refuse("the member id is missing") }
        guard !items.isEmpty else { throw refuse("a request needs at least one item") }
        var seen = Set<Int>()
        for item in items {
            guard item.sequence > 0 else { throw refuse("item sequence \(item.sequence) is not positive") }
            guard seen.insert(item.sequence).inserted else {
                throw refuse("item sequence \(item.sequence) appears twice")
            }
            guard !item.service.code.isEmpty else { throw refuse("item \(item.sequence) has no service code") }
            if let quantity = item.quantity, !quantity.hasValidValue {
                throw refuse("item \(item.sequence) quantity \"\(quantity.value)\" is not a decimal")
            }
        }
    }
}
