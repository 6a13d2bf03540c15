import FHIR
import Foundation
import Testing

@Suite("Bundles")
struct BundleTests {
    static func referralBundle() throws -> FHIRBundle {
        try FHIRBundle(json: JSON.parse(data: Fixtures.data(Fixtures.referralBundle)))
    }

    /// Every `reference` string anywhere inside `json`.
    static func references(in json: JSON) -> [String] {
        switch json {
        case .object(let object):
            object.flatMap { key, value in
                (key == "reference" ? value.string.map { [$0] } ?? [] : []) + references(in: value)
            }
        case .array(let elements): elements.flatMap(references)
        default: []
        }
    }

    @Test func readsThePASRequestBundle() throws {
        let bundle = try Self.referralBundle()
        #expect(bundle.type == .collection)
        #expect(bundle.identifier == Identifier(system: "http://example.org/SUBMITTER_TRANSACTION_IDENTIFIER", value: "A12345"))
        #expect(bundle.timestamp?.description == "2005-05-02T11:01:00+05:00")
        #expect(bundle.timestamp?.date == Date(timeIntervalSince1970: 1_115_013_660))
        #expect(bundle.entries.count == 10)
        #expect(bundle.entries.first?.fullUrl == "http://example.org/fhir/Claim/ReferralAuthorizationExample")
        #expect(bundle.entries(ofType: "Organization").count == 2)
        #expect(bundle.resources.first?.resourceType == "Claim")
    }

    @Test func everyReferenceInTheClaimResolves() throws {
        let bundle = try Self.referralBundle()
        let claimEntry = try #require(bundle.entries(ofType: "Claim").first)
        let claim = try #require(claimEntry.resource)
        let references = Self.references(in: claim)
        #expect(references.count == 7)
        for reference in references {
            let resolved = try #require(bundle.resolve(reference: reference, from: claimEntry), "\(reference)")
            let address = try #require(ResourceAddress(reference))
            #expect(resolved.resourceType == address.type)
            #expect(resolved.id == address.id)
        }
        #expect(bundle.resolve(reference: "Patient/nobody", from: claimEntry) == nil)
        // Absolute references match fullUrl directly.
        let insurer = bundle.resolve(reference: Reference(reference: "http://example.org/fhir/Organization/InsurerExample"))
        #expect(insurer?.id == "InsurerExample")
        // Relative to a different base: not in this Bundle.
        let elsewhere = FHIRBundle.Entry(fullUrl: "http://other.example/fhir/Claim/ReferralAuthorizationExample", resource: claim)
        #expect(bundle.resolve(reference: "Patient/SubscriberExample", from: elsewhere) == nil)
    }

    @Test func uuidContainedAndFallbackResolution() throws {
        let patient: JSON = ["resourceType": "Patient", "id": "p1"]
        let claim: JSON = [
            "resourceType": "Claim",
            "contained": [["resourceType": "Medication", "id": "med1"]],
            "patient": ["reference": "urn:uuid:7d3b0d3c-1c4e-4d5f-8a1e-000000000001"],
        ]
        let bundle = FHIRBundle.collection(entries: [
            .init(fullUrl: "urn:uuid:7d3b0d3c-1c4e-4d5f-8a1e-000000000002", resource: claim),
            .init(fullUrl: "urn:uuid:7d3b0d3c-1c4e-4d5f-8a1e-000000000001", resource: patient),
        ])
        let claimEntry = bundle.entries[0]
        #expect(bundle.resolve(reference: "urn:uuid:7d3b0d3c-1c4e-4d5f-8a1e-000000000001", from: claimEntry) == patient)
        #expect(bundle.resolve(reference: "#med1", from: claimEntry)?.resourceType == "Medication")
        #expect(bundle.resolve(reference: "#", from: claimEntry) == claim)
        #expect(bundle.resolve(reference: "#missing", from: claimEntry) == nil)
        // urn:uuid fullUrls have no base: Type/id falls back to matching type and id.
        #expect(bundle.resolve(reference: "Patient/p1", from: claimEntry) == patient)
        #expect(bundle.resolve(reference: "Patient/p1") == patient)
        // Logical references have nothing to resolve.
        #expect(bundle.resolve(reference: Reference(identifier: Identifier(system: "s", value: "v"))) == nil)
    }

    @Test func versionSpecificReferences() throws {
        let v1: JSON = ["resourceType": "Patient", "id": "p", "meta": ["versionId": "1", "lastUpdated": "2026-01-01T00:00:00Z"]]
        let v2: JSON = ["resourceType": "Patient", "id": "p", "meta": ["versionId": "2", "lastUpdated": "2026-02-01T00:00:00Z"]]
        let url = "https://g.example/fhir/Patient/p"
        let bundle = FHIRBundle(type: .history, entries: [.init(fullUrl: url, resource: v1), .init(fullUrl: url, resource: v2)])
        #expect(bundle.resolve(reference: url + "/_history/1") == v1)
        #expect(bundle.resolve(reference: url) == v2)  // The most recently updated.
        #expect(bundle.resolve(reference: url + "/_history/3") == nil)
    }

    @Test func rejectsWhatIsNotABundle() {
        #expect(throws: OperationOutcome.self) { try FHIRBundle(json: ["resourceType": "Patient"]) }
        #expect(throws: OperationOutcome.self) { try FHIRBundle(json: [1]) }
    }

    @Test func collectionBuilder() throws {
        let bundle = FHIRBundle.collection(
            id: "b1", identifier: Identifier(system: "s", value: "v"), timestamp: FHIRInstant("2026-03-08T01:30:00-05:00"),
            entries: [.init(resource: ["resourceType": "Patient", "id": "p1"], baseURL: "https://g.example/fhir")])
        #expect(bundle.json.object?.keys == ["resourceType", "id", "identifier", "type", "timestamp", "entry"])
        #expect(bundle.json["timestamp"] == "2026-03-08T01:30:00-05:00")
        #expect(bundle.entries[0].fullUrl == "https://g.example/fhir/Patient/p1")
        #expect(try FHIRBundle(json: JSON.parse(bundle.json.serialized())) == bundle)
    }

    @Test func entryParts() throws {
        let entry = FHIRBundle.Entry(
            fullUrl: "urn:uuid:1",
            resource: ["resourceType": "Claim"],
            request: .init(method: "POST", url: "Claim", ifNoneExist: "identifier=x"),
            response: .init(status: "201 Created", location: "Claim/1/_history/1", lastModified: FHIRInstant("2026-01-01T00:00:00Z")))
        #expect(entry.json.object?.keys == ["fullUrl", "resource", "request", "response"])
        #expect(entry.request == .init(method: "POST", url: "Claim", ifNoneExist: "identifier=x"))
        #expect(entry.response?.status == "201 Created")
        #expect(entry.response?.lastModified?.description == "2026-01-01T00:00:00Z")
        #expect(entry.search == nil)
    }
}
