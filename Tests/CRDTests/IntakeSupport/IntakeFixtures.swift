import FHIR
import Foundation
@testable import CRD

/// The official CRD example requests in `Fixtures/ig-examples/crd`, found from this file's
/// location so tests run from any working directory.
enum IntakeFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ig-examples/crd")

    /// Every example hook request, with the hook it is for.
    static let exampleRequests: [(file: String, hook: HookName)] = [
        ("ig-2.1.0/CRDServiceRequest.json", .orderSign),
        ("ig-2.2.1/CRDServiceRequest.json", .orderSign),
        ("ig-2.2.1/CRDServiceRequest2.json", .orderDispatch),
        ("ig-2.2.1/CRDServiceRequest3.json", .orderSign),
        ("ig-2.2.1/CRDServiceRequest4.json", .appointmentBook),
        ("inferno-crd-test-kit/encounter_start_hook_request.json", .encounterStart),
        ("inferno-crd-test-kit/order_select_hook_request.json", .orderSelect),
    ]

    static func data(_ file: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(file))
    }

    static func json(_ file: String) throws -> JSON {
        try JSON.parse(data: data(file))
    }

    /// An example request parsed for `hook`, with `fhirServer` re-pointed (or removed with
    /// `""`) and `prefetch` members replaced.
    static func request(
        _ file: String, for hook: HookName, fhirServer: String? = nil, prefetch: [String: JSON?] = [:]
    ) throws -> HookRequest {
        var body = try json(file)
        if let fhirServer {
            body["fhirServer"] = fhirServer.isEmpty ? nil : .string(fhirServer)
            if fhirServer.isEmpty { body["fhirAuthorization"] = nil }
        }
        for (key, value) in prefetch {
            if body["prefetch"] == nil { body["prefetch"] = [:] }
            body["prefetch"]?[key] = value
        }
        return try HookRequestParser().parse(json: body, for: hook)
    }

    /// order-dispatch in the earlier draft's shape the Inferno CRD test kit sends (`order`,
    /// `task`), modelled on its `order_dispatch_hook_request.json`, with prefetch holding the
    /// order, the performer and an identifier-only payor, and no fhirServer.
    static let infernoOrderDispatch: JSON = [
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "hook": "order-dispatch",
        "context": [
            "patientId": "example",
            "performer": "Practitioner/example",
            "order": "ServiceRequest/example",
            "task": [
                "resourceType": "Task", "id": "example3", "status": "draft", "intent": "order",
                "code": ["text": "Refill Request"], "focus": ["reference": "ServiceRequest/example"],
                "for": ["reference": "Patient/example"], "owner": ["reference": "Practitioner/example"],
            ],
        ],
        "prefetch": [
            "patient": ["resourceType": "Patient", "id": "example"],
            "coverage": searchset([
                [
                    "resourceType": "Coverage", "id": "cov-example", "status": "active",
                    "beneficiary": ["reference": "Patient/example"],
                    "payor": [["identifier": ["system": "http://example.org/payers", "value": "acme"]]],
                ]
            ]),
            "serviceRequests": searchset([
                [
                    "resourceType": "ServiceRequest", "id": "example", "status": "active", "intent": "order",
                    "subject": ["reference": "Patient/example"], "requester": ["reference": "Practitioner/example"],
                ]
            ]),
            "performers": searchset([["resourceType": "Practitioner", "id": "example"]]),
        ],
    ]

    /// A searchset Bundle of `resources`.
    static func searchset(_ resources: [JSON]) -> JSON {
        [
            "resourceType": "Bundle", "type": "searchset", "total": .number(JSONNumber(resources.count)),
            "entry": .array(resources.map { ["resource": $0, "search": ["mode": "match"]] }),
        ]
    }
}
