import FHIR
import Foundation
import Testing

@Suite("FHIR datatypes")
struct DatatypeTests {
    @Test func codingRoundTrips() throws {
        let json: JSON = ["system": "http://loinc.org", "version": "2.74", "code": "8480-6", "display": "Systolic"]
        let coding = try #require(Coding(json: json))
        #expect(coding == Coding(system: "http://loinc.org", code: "8480-6", display: "Systolic", version: "2.74"))
        #expect(coding.json == json)
        #expect(coding.json.object?.keys == ["system", "version", "code", "display"])
        #expect(Coding(json: "8480-6") == nil)
    }

    @Test func codeableConceptContains() throws {
        let json: JSON = [
            "coding": [
                ["system": "http://www.ama-assn.org/go/cpt", "code": "70551"],
                ["system": "http://snomed.info/sct", "code": "241601008"],
            ],
            "text": "MRI brain",
        ]
        let concept = try #require(CodeableConcept(json: json))
        #expect(concept.contains(system: "http://www.ama-assn.org/go/cpt", code: "70551"))
        #expect(!concept.contains(system: "http://www.ama-assn.org/go/cpt", code: "241601008"))
        #expect(concept.code(in: "http://snomed.info/sct") == "241601008")
        #expect(concept.text == "MRI brain")
        #expect(concept.json == json)
        #expect(CodeableConcept(Coding(system: "s", code: "c")).json == ["coding": [["system": "s", "code": "c"]]])
    }

    @Test func identifierRoundTrips() throws {
        let json: JSON = [
            "use": "official",
            "type": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MB"]]],
            "system": "http://example.org/members",
            "value": "M-1001",
        ]
        let identifier = try #require(Identifier(json: json))
        #expect(identifier.matches(system: "http://example.org/members", value: "M-1001"))
        #expect(identifier.type?.contains(system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MB") == true)
        #expect(identifier.json == json)
    }

    @Test func referenceForms() throws {
        let relative = Reference(reference: "Patient/123")
        #expect(relative.address == ResourceAddress(type: "Patient", id: "123"))
        #expect(relative.resourceType == "Patient")
        #expect(relative.resourceID == "123")
        #expect(!relative.isAbsolute && !relative.isContained && !relative.isUUID)

        let absolute = Reference(reference: "http://example.org/fhir/Patient/123/_history/2")
        #expect(absolute.isAbsolute)
        #expect(absolute.address == ResourceAddress(baseURL: "http://example.org/fhir", type: "Patient", id: "123", version: "2"))
        #expect(absolute.address?.description == "http://example.org/fhir/Patient/123/_history/2")
        #expect(absolute.address?.relative == "Patient/123")

        let contained = Reference(reference: "#med1")
        #expect(contained.isContained)
        #expect(contained.containedID == "med1")
        #expect(contained.address == nil)

        let uuid = Reference(reference: "urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301")
        #expect(uuid.isUUID && uuid.isAbsolute)
        #expect(uuid.address == nil)

        // A scheme is an ASCII letter, then letters, digits, `+`, `-` or `.`, then a colon.
        for absolute in ["HTTPS://x.example/Patient/1", "svn+ssh://x", "a-b.c:rest", "Z9:x"] {
            #expect(Reference(reference: absolute).isAbsolute, "\(absolute)")
        }
        for relative in ["Patient/1", ":x", "9http://x", "ht tp://x", "ht_tp://x", "é://x", "[::1]:8080/x"] {
            #expect(!Reference(reference: relative).isAbsolute, "\(relative)")
        }
        // The base is what precedes `/Type`, as written.
        #expect(ResourceAddress("https://x.example/r4/fhir/Claim/c-1")?.baseURL == "https://x.example/r4/fhir")
        #expect(ResourceAddress("https://x.example/r4/fhir/Claim/c-1/_history/3")?.baseURL == "https://x.example/r4/fhir")

        let logical = Reference(type: "Organization", identifier: Identifier(system: "http://hl7.org/fhir/sid/us-npi", value: "1234567893"))
        #expect(logical.resourceType == "Organization")
        #expect(logical.resourceID == nil)
        #expect(Reference(json: logical.json) == logical)

        for notAnAddress in ["Patient", "Patient/", "Unicorn/1", "Patient/a_b", "Patient?name=x", "ftp://x/Patient/1", "Patient/1/_history/"] {
            #expect(ResourceAddress(notAnAddress) == nil, "\(notAnAddress)")
        }
        #expect(ResourceAddress(type: "Claim", id: "c1").resolved(against: "https://g.example/fhir/").description == "https://g.example/fhir/Claim/c1")
    }

    @Test func periodAndQuantity() throws {
        let period = try #require(Period(json: ["start": "2026-01-01", "end": "2026-12-31T23:59:59-05:00"]))
        #expect(period.start?.precision == .day)
        #expect(period.end?.time?.offset.seconds == -5 * 3600)
        #expect(period.json == ["start": "2026-01-01", "end": "2026-12-31T23:59:59-05:00"])
        #expect(Period(json: ["start": "2026-02-30"]) == nil)

        let quantityJSON: JSON = ["value": 2.5, "unit": "L/min", "system": "http://unitsofmeasure.org", "code": "L/min"]
        let quantity = try #require(Quantity(json: quantityJSON))
        #expect(quantity.value == Decimal(string: "2.5"))
        #expect(quantity.json == quantityJSON)
        #expect(Quantity(value: 3, unit: "mg").json == ["value": 3, "unit": "mg"])
        #expect(Quantity(json: ["value": "2"]) == nil)
    }
}
