import CaseStore
import FHIR
import Foundation
import Logging
import Rules
import Server
import Testing

@testable import CRD

/// The repository's folders.
enum Paths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = repository.appendingPathComponent("Rules")
    static let demo = repository.appendingPathComponent("Fixtures/demo")
    static let igExamples = repository.appendingPathComponent("Fixtures/ig-examples/crd")
}

/// The plan's "today" in every test: the day the demo plan's rule tests use.
let today = "2026-11-23"
let now = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!

/// A real SQLite case store in a temporary file seeded with the demo plan, and the real rule
/// engine over `Rules/`: what the service runs on in production. Built once for all tests.
struct CRDEnvironment: Sendable {
    let store: SQLiteCaseStore
    let rules: RuleEngine
    let service: CoverageRequirementsService

    static let shared = Task { try await CRDEnvironment() }

    static func get() async throws -> CRDEnvironment { try await shared.value }

    /// Set once, before the environment is shared.
    nonisolated(unsafe) private static var removedAtExit: URL?

    private init() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crd-tests-\(UUID().uuidString)")
        // The store is open for the whole run (shared by every test): its files go at exit.
        Self.removedAtExit = folder
        atexit { if let folder = CRDEnvironment.removedAtExit { try? FileManager.default.removeItem(at: folder) } }
        store = try SQLiteCaseStore(
            path: folder.appendingPathComponent("greenlight.sqlite").path,
            timeSource: ManualTimeSource(ISO8601DateFormatter().date(from: "2026-11-01T12:00:00Z")!))
        try await DemoPlan.load(from: Paths.demo).seed(into: store)
        rules = try RuleEngine(directory: Paths.rules, logger: Logger(label: "crd-tests"))
        service = CoverageRequirementsService(rules: rules, store: store, logger: Logger(label: "crd-tests"))
    }

    /// Decides and checks what every answer must satisfy (see ``ResponseChecks``).
    func decide(_ data: HookData, clientID: String = "ehr-test") async throws(HookError) -> HookDecision {
        let decision = try await service.decide(data, clientID: clientID, today: today, now: now)
        ResponseChecks.verify(decision, for: data)
        return decision
    }
}

/// Resources of the demo plan (`Fixtures/demo`), by id.
enum Demo {
    static let resources: [String: JSON] = {
        var all: [String: JSON] = [:]
        for name in ["organizations", "insurance-plans", "practitioners", "patients", "coverages"] {
            let bundle = try! JSON.parse(data: Data(contentsOf: Paths.demo.appendingPathComponent("\(name).json")))
            for entry in bundle["entry"]?.array ?? [] {
                if let resource = entry["resource"], let address = resource.address { all[address.relative] = resource }
            }
        }
        return all
    }()

    static func coverage(_ id: String) -> JSON { resources["Coverage/\(id)"]! }
    static func patient(_ id: String) -> JSON { resources["Patient/\(id)"]! }
    static func practitioner(_ id: String) -> JSON { resources["Practitioner/\(id)"]! }
    static func organization(_ id: String) -> JSON { resources["Organization/\(id)"]! }
}

enum Codes {
    static let cpt = "http://www.ama-assn.org/go/cpt"
    static let hcpcs = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
    static let icd10 = "http://hl7.org/fhir/sid/icd-10-cm"
}

/// Draft orders as an EHR sends them.
enum Orders {
    static func serviceRequest(
        _ id: String, code: String, system: String = Codes.cpt, display: String? = nil, patient: String,
        requester: String? = nil, performer: String? = nil, reasons: [String] = [], quantity: Int? = nil
    ) -> JSON {
        var order = JSON.resource(type: "ServiceRequest", id: id, [
            "status": "draft", "intent": "original-order",
            "code": ["coding": [Coding(system: system, code: code, display: display).json]],
            "subject": ["reference": .string("Patient/\(patient)")],
            "authoredOn": .string(today),
        ])
        if let requester { order["requester"] = ["reference": .string(requester)] }
        if let performer { order["performer"] = [["reference": .string(performer)]] }
        if !reasons.isEmpty {
            order["reasonCode"] = .array(reasons.map { ["coding": [["system": .string(Codes.icd10), "code": .string($0)]]] })
        }
        if let quantity { order["quantityQuantity"] = ["value": .number(JSONNumber(quantity)), "unit": "visit"] }
        return order
    }

    static func deviceRequest(
        _ id: String, code: String, display: String? = nil, patient: String, requester: String? = nil,
        performer: String? = nil, reasons: [String] = []
    ) -> JSON {
        var order = JSON.resource(type: "DeviceRequest", id: id, [
            "status": "draft", "intent": "original-order",
            "codeCodeableConcept": ["coding": [Coding(system: Codes.hcpcs, code: code, display: display).json]],
            "subject": ["reference": .string("Patient/\(patient)")],
            "authoredOn": .string(today),
        ])
        if let requester { order["requester"] = ["reference": .string(requester)] }
        if let performer { order["performer"] = ["reference": .string(performer)] }
        if !reasons.isEmpty {
            order["reasonCode"] = .array(reasons.map { ["coding": [["system": .string(Codes.icd10), "code": .string($0)]]] })
        }
        return order
    }
}

/// A hook's gathered data, as the request side hands it over.
func hookData(
    _ hook: HookName = .orderSign, patient: String, coverages: [JSON], orders: [JSON], resources: [JSON] = [],
    configuration: JSON? = nil, selections: [String] = [], prefetchLog: [PrefetchLogEntry] = []
) -> HookData {
    var context: JSONObject = ["patientId": .string(patient), "userId": "Practitioner/pract-4"]
    if hook == .orderSign || hook == .orderSelect {
        context["draftOrders"] = ["resourceType": "Bundle", "type": "collection", "entry": .array(orders.map { ["resource": $0] })]
    }
    if !selections.isEmpty { context["selections"] = .array(selections.map(JSON.string)) }
    let extensions: JSON? = configuration.map { ["davinci-crd.configuration": $0] }
    var body: JSON = [
        "hook": .string(hook.rawValue), "hookInstance": .string(UUID().uuidString.lowercased()), "context": .object(context),
    ]
    if let extensions { body["extension"] = extensions }
    let request = HookRequest(
        hook: hook, hookInstance: body["hookInstance"]!.string!, context: context,
        configuration: CRDConfiguration(requestExtension: extensions), extensions: extensions, json: body)
    var gathered: [String: JSON] = [:]
    for resource in resources { if let address = resource.address { gathered[address.relative] = resource } }
    return HookData(
        request: request, patient: Demo.resources["Patient/\(patient)"], coverages: coverages, orders: orders,
        selections: selections, user: "Practitioner/pract-4", resources: gathered, prefetchLog: prefetchLog)
}

extension HookDecision {
    /// The coverage-information extensions of the system actions, in order.
    var extensions: [JSON] {
        response.systemActions.compactMap { $0.resource?.extension(url: CoverageInformation.url) }
    }

    /// The only extension (fails the test when there is not exactly one).
    var onlyExtension: JSON {
        #expect(extensions.count == 1, "expected one coverage-information, got \(extensions.count)")
        return extensions.first ?? [:]
    }
}

extension JSON {
    /// Test shorthands for ``JSON/subExtensionValues(_:)`` and friends.
    func sub(_ url: String) -> [JSON] { subExtensionValues(url) }
    func code(_ url: String) -> String? { subExtensionCode(url) }
    func codes(_ url: String) -> [String] { subExtensionCodes(url) }
}
