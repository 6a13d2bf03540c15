/// Who looks up a CRD coverage assertion by its id: a DTR client fetching the forms the
/// assertion named, a QuestionnaireResponse filed under it, a PAS request citing it.
///
/// The id travels from the EHR's hook call to its DTR app and its PAS submission, which
/// authenticate as different registered clients of the same organization. So an assertion
/// may be read by the client that made the hook call or by a client that acts for one of
/// that client's organizations — never by anyone who merely knows the id.
public struct AssertionReader: Sendable, Hashable {
    public var clientID: String
    public var organizationIdentifiers: [OrganizationIdentifier]

    public init(clientID: String, organizationIdentifiers: [OrganizationIdentifier]) {
        self.clientID = clientID
        self.organizationIdentifiers = organizationIdentifiers
    }
}

extension CaseStore {
    /// The rows of one `coverage-assertion-id` that `reader` may use; empty when the id is
    /// unknown *or* belongs to another organization (the two look the same to the caller).
    public func coverageAssertions(id: String, readBy reader: AssertionReader) async throws -> [CoverageAssertion] {
        let rows = try await coverageAssertions(id: id)
        guard let maker = rows.first?.clientID else { return [] }
        if maker == reader.clientID { return rows }
        guard let client = try await client(id: maker) else { return [] }
        return Set(client.organizationIdentifiers).isDisjoint(with: reader.organizationIdentifiers) ? [] : rows
    }
}
