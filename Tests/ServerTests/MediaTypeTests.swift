import Testing

@testable import Server

/// The `type/subtype` of Content-Type and Accept values, read by bytes for ASCII values.
struct MediaTypeTests {
    @Test(arguments: [
        ("application/fhir+json", "application/fhir+json"),
        (" Application/FHIR+JSON ; charset=utf-8", "application/fhir+json"),
        ("\tapplication/json\t", "application/json"),
        ("application/json;fhirVersion=4.0", "application/json"),
        ("", ""),
        (" ; charset=utf-8", ""),
        // Non-ASCII values take Foundation's path: Unicode spaces are trimmed too.
        ("\u{00A0}application/json", "application/json"),
    ])
    func essenceIsTheLowerCasedTypeWithoutParameters(_ value: String, _ essence: String) {
        #expect(FHIRMediaType.essence(value) == essence)
    }

    @Test func bodiesAndAcceptHeaders() {
        #expect(FHIRMediaType.isAcceptableBody(contentType: "application/fhir+json; charset=UTF-8"))
        #expect(!FHIRMediaType.isAcceptableBody(contentType: "text/xml"))
        #expect(FHIRMediaType.acceptsJSON("text/html, application/FHIR+json;q=0.9"))
        #expect(!FHIRMediaType.acceptsJSON("application/xml"))
        // A blank header is no header.
        #expect(FHIRMediaType.acceptsJSON(" \t"))
        #expect(FHIRMediaType.acceptsJSON("\u{00A0}"))
    }
}
