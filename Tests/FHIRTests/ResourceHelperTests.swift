import FHIR
import Testing

@Suite("Resource helpers")
struct ResourceHelperTests {
    static let claim: JSON = [
        "resourceType": "Claim",
        "id": "c1",
        "meta": ["profile": ["http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-claim"]],
        "extension": [
            ["url": "http://example.org/a", "valueString": "first"],
            ["url": "http://example.org/b", "valueBoolean": true],
            ["url": "http://example.org/a", "valueString": "second"],
        ],
        "identifier": [["system": "http://example.org/claims", "value": "X1"]],
        "item": [
            ["sequence": 1, "productOrService": ["coding": [["system": "cpt", "code": "70551"]]]],
            ["sequence": 2, "productOrService": ["coding": [["system": "cpt", "code": "70553"], ["system": "hcpcs", "code": "A1"]]]],
        ],
    ]

    @Test func commonElements() {
        let claim = Self.claim
        #expect(claim.resourceType == "Claim")
        #expect(claim.id == "c1")
        #expect(claim.address?.relative == "Claim/c1")
        #expect(claim.profiles == ["http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-claim"])
        #expect(claim.extensions(url: "http://example.org/a").map { $0["valueString"] } == ["first", "second"])
        #expect(claim.extension(url: "http://example.org/b")?["valueBoolean"] == true)
        #expect(claim.extensions(url: "http://example.org/none").isEmpty)
        #expect(claim.identifiers == [Identifier(system: "http://example.org/claims", value: "X1")])
        let coverage: JSON = ["resourceType": "Coverage", "identifier": ["system": "s", "value": "v"]]
        #expect(coverage.identifiers == [Identifier(system: "s", value: "v")])
        #expect(coverage.profiles.isEmpty)
    }

    @Test func dottedPaths() {
        let claim = Self.claim
        #expect(claim.value(at: "meta.profile")?.array?.count == 1)
        #expect(claim.value(at: "item[1].productOrService.coding[0].code") == "70553")
        #expect(claim.value(at: "item.0.sequence") == 1)
        #expect(claim.value(at: "item.productOrService") == nil)  // item is an array: no member access.
        #expect(claim.value(at: "item[5]") == nil)
        #expect(claim.values(at: "item.productOrService.coding.code") == ["70551", "70553", "A1"])
        #expect(claim.values(at: "item[1].productOrService.coding.system") == ["cpt", "hcpcs"])
        #expect(claim.values(at: "item.1.sequence") == [2])
        #expect(claim.values(at: "nothing.here").isEmpty)
        #expect(JSON.array([["a": 1], ["a": 2]]).value(at: "[1].a") == 2)
        #expect(JSON.array([["a": 1], ["a": 2]]).values(at: "a") == [])  // Paths start at members.
        #expect(claim.value(at: "") == claim)
        // Empty steps are skipped, as `split` omits them; a single name is one step.
        #expect(claim.values(at: "meta..profile") == claim.values(at: "meta.profile"))
        #expect(claim.values(at: ".meta.profile.") == claim.values(at: "meta.profile"))
        #expect(claim.value(at: "meta") == claim["meta"])
        #expect(claim.values(at: "item").count == 2)
    }

    /// A path read beforehand (a `static let`) finds what its text finds.
    @Test func pathsReadBeforehand() {
        let claim = Self.claim
        for text in ["meta.profile", "item[1].productOrService.coding[0].code", "item.0.sequence", "item.productOrService.coding.code", "nothing.here"] {
            let path = JSONPath(text)
            #expect(path.description == text)
            #expect(claim.value(at: path) == claim.value(at: text))
            #expect(claim.values(at: path) == claim.values(at: text))
        }
        let literal: JSONPath = "item.sequence"
        #expect(claim.values(at: literal) == [1, 2])
    }

    @Test func resourceBuilder() {
        let patient = JSON.resource(type: "Patient", id: "p1", ["active": true, "gender": "female"])
        #expect(patient.object?.keys == ["resourceType", "id", "active", "gender"])
        #expect(JSON.resource(type: "Basic") == ["resourceType": "Basic"])
    }
}
