import FHIR
import Foundation
import Testing
@testable import CRD

@Suite struct HookRequestParserTests {
    let parser = HookRequestParser()

    @Test(arguments: IntakeFixtures.exampleRequests.map(\.file))
    func everyExampleRequestParsesForItsHook(file: String) throws {
        let hook = try #require(IntakeFixtures.exampleRequests.first { $0.file == file }?.hook)
        let request = try parser.parse(Array(IntakeFixtures.data(file)), for: hook)
        #expect(request.hook == hook)
        #expect(!request.hookInstance.isEmpty)
        #expect(request.context["patientId"]?.string != nil)
    }

    @Test func readsTheEnvelope() throws {
        let request = try IntakeFixtures.request("ig-2.1.0/CRDServiceRequest.json", for: .orderSign)
        #expect(request.hookInstance == "d5a80646-7ef5-4edf-ade9-72407ca28c76")
        #expect(request.fhirServer?.absoluteString == "http://example.org/some-payer/fhir/crd")
        #expect(
            request.fhirAuthorization
                == HookRequest.FHIRAuthorization(
                    accessToken: "some-opaque-fhir-access-token", tokenType: "Bearer", expiresIn: 300,
                    scope: "user/Patient.read user/Observation.read", subject: "cds-service4"))
        #expect(request.prefetch.keys.contains("coverage"))
        #expect(request.configuration == CRDConfiguration(disabledCardTypes: ["cost", "claim", "appropriate-use"], maxCards: 5))
        #expect(request.json == (try IntakeFixtures.json("ig-2.1.0/CRDServiceRequest.json")))
    }

    @Test func trailingSlashesAreTrimmedFromFHIRServer() throws {
        let body = try IntakeFixtures.json("inferno-crd-test-kit/encounter_start_hook_request.json")
            .replacing("fhirServer", with: "https://ehr.example/r4//")
        #expect(try parser.parse(json: body, for: .encounterStart).fhirServer?.absoluteString == "https://ehr.example/r4")
    }

    @Test(arguments: ["not json", "{\"hook\": ", "[]", "\"order-sign\"", ""])
    func anythingButAJSONObjectIs400(body: String) {
        let error = #expect(throws: HookError.self) { try parser.parse(Array(body.utf8), for: .orderSign) }
        #expect(error?.status == .badRequest)
        #expect(error?.outcome.issues.first?.code == .structure)
    }

    /// One broken rule, the element it names, and the request it is broken in.
    struct Violation: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var hook: HookName
        var path: String
        var edits: [(String, JSON?)]

        init(_ name: String, _ file: String, _ hook: HookName, path: String, _ edits: [(String, JSON?)]) {
            self.name = name
            self.file = file
            self.hook = hook
            self.path = path
            self.edits = edits
        }

        var testDescription: String { name }
    }

    static let orderSign = "ig-2.1.0/CRDServiceRequest.json"
    static let orderSelect = "inferno-crd-test-kit/order_select_hook_request.json"
    static let orderDispatch = "ig-2.2.1/CRDServiceRequest2.json"
    static let appointmentBook = "ig-2.2.1/CRDServiceRequest4.json"
    static let encounterStart = "inferno-crd-test-kit/encounter_start_hook_request.json"

    static let violations: [Violation] = [
        // CDS Hooks 2.0 request shape.
        Violation("hook missing", orderSign, .orderSign, path: "hook", [("hook", nil)]),
        Violation("hook of another service", orderSelect, .orderSign, path: "hook", []),
        Violation("hookInstance missing", orderSign, .orderSign, path: "hookInstance", [("hookInstance", nil)]),
        Violation("hookInstance empty", orderSign, .orderSign, path: "hookInstance", [("hookInstance", "")]),
        Violation("hookInstance not a string", orderSign, .orderSign, path: "hookInstance", [("hookInstance", 42)]),
        Violation("context missing", orderSign, .orderSign, path: "context", [("context", nil)]),
        Violation("context not an object", orderSign, .orderSign, path: "context", [("context", ["userId"])]),
        Violation("fhirAuthorization without fhirServer", orderSign, .orderSign, path: "fhirServer", [("fhirServer", nil)]),
        Violation("fhirAuthorization not an object", orderSign, .orderSign, path: "fhirAuthorization", [("fhirAuthorization", "token")]),
        Violation("access_token missing", orderSign, .orderSign, path: "fhirAuthorization.access_token", [("fhirAuthorization.access_token", nil)]),
        Violation("token_type missing", orderSign, .orderSign, path: "fhirAuthorization.token_type", [("fhirAuthorization.token_type", nil)]),
        Violation("token_type not Bearer", orderSign, .orderSign, path: "fhirAuthorization.token_type", [("fhirAuthorization.token_type", "MAC")]),
        Violation("expires_in missing", orderSign, .orderSign, path: "fhirAuthorization.expires_in", [("fhirAuthorization.expires_in", nil)]),
        Violation("expires_in not a number", orderSign, .orderSign, path: "fhirAuthorization.expires_in", [("fhirAuthorization.expires_in", "300")]),
        Violation("scope missing", orderSign, .orderSign, path: "fhirAuthorization.scope", [("fhirAuthorization.scope", nil)]),
        Violation("subject missing", orderSign, .orderSign, path: "fhirAuthorization.subject", [("fhirAuthorization.subject", nil)]),
        Violation("fhirServer not http(s)", orderSign, .orderSign, path: "fhirServer", [("fhirServer", "ftp://example.org/fhir")]),
        Violation("fhirServer relative", orderSign, .orderSign, path: "fhirServer", [("fhirServer", "/fhir")]),
        Violation("fhirServer not a URL", orderSign, .orderSign, path: "fhirServer", [("fhirServer", "not a url")]),
        Violation("prefetch not an object", orderSign, .orderSign, path: "prefetch", [("prefetch", [])]),
        Violation("prefetch value not a resource", orderSign, .orderSign, path: "prefetch.patient", [("prefetch.patient", "Patient/123")]),
        Violation("extension not an object", orderSign, .orderSign, path: "extension", [("extension", [])]),
        // order-sign context.
        Violation("userId missing", orderSign, .orderSign, path: "context.userId", [("context.userId", nil)]),
        Violation("userId a Patient", orderSign, .orderSign, path: "context.userId", [("context.userId", "Patient/123")]),
        Violation("userId not a reference", orderSign, .orderSign, path: "context.userId", [("context.userId", "ABC")]),
        Violation("patientId missing", orderSign, .orderSign, path: "context.patientId", [("context.patientId", nil)]),
        Violation("patientId a reference", orderSign, .orderSign, path: "context.patientId", [("context.patientId", "Patient/123")]),
        Violation("encounterId a reference", orderSign, .orderSign, path: "context.encounterId", [("context.encounterId", "Encounter/987")]),
        Violation("draftOrders missing", orderSign, .orderSign, path: "context.draftOrders", [("context.draftOrders", nil)]),
        Violation("draftOrders not a Bundle", orderSign, .orderSign, path: "context.draftOrders", [("context.draftOrders.resourceType", "List")]),
        Violation("draftOrders without entries", orderSign, .orderSign, path: "context.draftOrders.entry", [("context.draftOrders.entry", nil)]),
        Violation("draftOrders entry without resource", orderSign, .orderSign, path: "context.draftOrders.entry[1].resource", [("context.draftOrders.entry[1].resource", nil)]),
        Violation("draft order without id", orderSign, .orderSign, path: "context.draftOrders.entry[0].resource.id", [("context.draftOrders.entry[0].resource.id", nil)]),
        // order-select.
        Violation("selections missing", orderSelect, .orderSelect, path: "context.selections", [("context.selections", nil)]),
        Violation("selection not among draftOrders", orderSelect, .orderSelect, path: "context.selections[1]", [("context.selections[1]", "MedicationRequest/other")]),
        Violation("selection not a reference", orderSelect, .orderSelect, path: "context.selections[0]", [("context.selections[0]", "pureeddiet-simple")]),
        // order-dispatch.
        Violation("performer missing", orderDispatch, .orderDispatch, path: "context.performer", [("context.performer", nil)]),
        Violation("performer not a reference", orderDispatch, .orderDispatch, path: "context.performer", [("context.performer", "pharm1")]),
        Violation("no dispatched orders in either shape", orderDispatch, .orderDispatch, path: "context.dispatchedOrders", [("context.dispatchedOrders", nil)]),
        Violation("dispatchedOrders not an array", orderDispatch, .orderDispatch, path: "context.dispatchedOrders", [("context.dispatchedOrders", "MedicationRequest/1111")]),
        Violation("dispatched order not a reference", orderDispatch, .orderDispatch, path: "context.dispatchedOrders[1]", [("context.dispatchedOrders[1]", "2222")]),
        Violation("fulfillment task not a Task", orderDispatch, .orderDispatch, path: "context.fulfillmentTasks[0]", [("context.fulfillmentTasks[0].resourceType", "Appointment")]),
        Violation("patientId missing in dispatch", orderDispatch, .orderDispatch, path: "context.patientId", [("context.patientId", nil)]),
        // appointment-book.
        Violation("appointment not proposed", appointmentBook, .appointmentBook, path: "context.appointments.entry[0].resource.status", [("context.appointments.entry[0].resource.status", "booked")]),
        Violation("appointments entry not an Appointment", appointmentBook, .appointmentBook, path: "context.appointments.entry[0].resource", [("context.appointments.entry[0].resource.resourceType", "ServiceRequest")]),
        Violation("appointments missing", appointmentBook, .appointmentBook, path: "context.appointments", [("context.appointments", nil)]),
        Violation("appointment user a Device", appointmentBook, .appointmentBook, path: "context.userId", [("context.userId", "Device/1")]),
        // encounter-start / encounter-discharge.
        Violation("encounterId missing", encounterStart, .encounterStart, path: "context.encounterId", [("context.encounterId", nil)]),
        Violation("encounter userId missing", encounterStart, .encounterStart, path: "context.userId", [("context.userId", nil)]),
        Violation("encounter patientId missing", encounterStart, .encounterStart, path: "context.patientId", [("context.patientId", nil)]),
        Violation("discharge encounterId missing", encounterStart, .encounterDischarge, path: "context.encounterId", [("hook", "encounter-discharge"), ("context.encounterId", nil)]),
    ]

    @Test(arguments: violations)
    func eachRuleIs422NamingTheElement(violation: Violation) throws {
        var body = try IntakeFixtures.json(violation.file)
        for (path, value) in violation.edits { body = body.replacing(path, with: value) }
        let error = #expect(throws: HookError.self) { try parser.parse(json: body, for: violation.hook) }
        #expect(error?.status == .unprocessableContent)
        #expect(error?.outcome.issues.map(\.expression) == [[violation.path]], "\(error?.outcome.description ?? "")")
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let body = try IntakeFixtures.json(Self.orderSign)
            .replacing("hookInstance", with: nil)
            .replacing("fhirAuthorization.token_type", with: "MAC")
            .replacing("context.patientId", with: "Patient/123")
            .replacing("context.draftOrders.entry[0].resource.id", with: nil)
        let error = #expect(throws: HookError.self) { try parser.parse(json: body, for: .orderSign) }
        #expect(
            error?.outcome.issues.flatMap(\.expression) == [
                "hookInstance", "fhirAuthorization.token_type", "context.patientId", "context.draftOrders.entry[0].resource.id",
            ])
        #expect(error?.outcome.issues.allSatisfy { $0.severity == .error } == true)
    }

    @Test func lenientWhereTheSpecificationIs() throws {
        let body = try IntakeFixtures.json(Self.orderSign)
            .replacing("fhirAuthorization.token_type", with: "bearer")
            .replacing("context.somethingNew", with: ["any": "thing"])
            .replacing("somethingElse", with: 1)
            .replacing("prefetch.device", with: .null)
        #expect(try parser.parse(json: body, for: .orderSign).fhirAuthorization?.tokenType == "bearer")

        let appointment = try IntakeFixtures.json(Self.appointmentBook).replacing("context.userId", with: "RelatedPerson/sister")
        #expect(try parser.parse(json: appointment, for: .appointmentBook).context["userId"] == "RelatedPerson/sister")

        let withoutServer = try IntakeFixtures.json(Self.encounterStart)
            .replacing("fhirServer", with: nil).replacing("fhirAuthorization", with: nil)
        #expect(try parser.parse(json: withoutServer, for: .encounterStart).fhirServer == nil)
    }

    @Test func orderDispatchInTheInfernoShape() throws {
        let request = try parser.parse(json: IntakeFixtures.infernoOrderDispatch, for: .orderDispatch)
        #expect(request.context["order"] == "ServiceRequest/example")

        let asArray = IntakeFixtures.infernoOrderDispatch.replacing("context.order", with: ["ServiceRequest/example"])
        #expect(throws: Never.self) { try parser.parse(json: asArray, for: .orderDispatch) }

        for (path, value, named) in [
            ("context.order", JSON.string("example"), "context.order"),
            ("context.order", JSON.array([7]), "context.order[0]"),
            ("context.task.resourceType", JSON.string("Appointment"), "context.task"),
        ] {
            let body = IntakeFixtures.infernoOrderDispatch.replacing(path, with: value)
            let error = #expect(throws: HookError.self) { try parser.parse(json: body, for: .orderDispatch) }
            #expect(error?.outcome.issues.map(\.expression) == [[named]])
        }
    }
}
