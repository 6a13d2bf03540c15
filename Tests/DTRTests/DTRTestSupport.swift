import FHIR
import Foundation

/// Paths the DTR tests read: the shipped forms, the rules' value sets and the official examples.
enum DTRPaths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let questionnaires = repository.appendingPathComponent("Questionnaires")
    static let rules = repository.appendingPathComponent("Rules")
    static let ruleValueSets = rules.appendingPathComponent("valuesets")
    static let examples = repository.appendingPathComponent("Fixtures/ig-examples/dtr")

    static func example(_ path: String) throws -> JSON {
        try JSON.parse(data: Data(contentsOf: examples.appendingPathComponent(path)))
    }
}

import CaseStore
import DTR
import Logging
import Rules

/// A real SQLite store in a temporary folder, the shipped forms and the shipped rules.
struct DTREnvironment {
    static let now = ISO8601DateFormatter().date(from: "2026-11-23T15:00:00Z")!
    static let base = "https://pa.example/fhir"
    static let timeZone = TimeZone(identifier: "America/New_York")!

    static let rules = Result {
        var logger = Logger(label: "dtr-tests")
        logger.logLevel = .critical
        return try RuleEngine(directory: DTRPaths.rules, logger: logger)
    }

    static let catalog = Result {
        try QuestionnaireCatalogLoader(directory: DTRPaths.questionnaires, ruleValueSets: DTRPaths.ruleValueSets, now: now).load()
    }

    /// The EHR client `recordAssertion` files assertions under, reading its own context.
    static let ehr = AssertionReader(clientID: "demo-ehr", organizationIdentifiers: [])

    let folder: URL
    let store: SQLiteCaseStore
    let catalog: QuestionnaireCatalog
    let rules: RuleEngine

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dtr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteCaseStore(path: folder.appendingPathComponent("store.sqlite").path)
        catalog = try Self.catalog.get().catalog
        rules = try Self.rules.get()
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    var packages: QuestionnairePackageService {
        QuestionnairePackageService(catalog: catalog, store: store, rules: rules, baseURL: Self.base, timeZone: Self.timeZone)
    }
    var nextQuestion: NextQuestionService { NextQuestionService(catalog: catalog, rules: rules, timeZone: Self.timeZone) }
    var intake: QuestionnaireResponseIntake { QuestionnaireResponseIntake(catalog: catalog, store: store, baseURL: Self.base) }

    /// Records a CRD answer whose assertion `id` names `questionnaires` for one order.
    func recordAssertion(_ id: String, questionnaires: [String], memberID: String? = nil, order: String = "ServiceRequest/o1") async throws {
        if let memberID, try await store.member(id: memberID) == nil {
            try await store.upsertPayer(Payer(id: "payer-1", name: "UnitedCare Health"))
            try await store.upsertMember(Member(id: memberID, payerID: "payer-1", patientJSON: "{}"))
        }
        let information: JSON = [
            "url": .string(CoverageInformation.url),
            "extension": [["url": "coverage-assertion-id", "valueString": .string(id)], ["url": "covered", "valueCode": "conditional"]],
        ]
        let assertion = CoverageAssertion(
            id: id, orderReference: order, hookInstance: "hook-\(id)", hook: "order-sign", clientID: "demo-ehr",
            memberID: memberID, clientCoverageReference: "Coverage/cov-1", covered: "conditional", paNeeded: "auth-needed",
            questionnaires: questionnaires, extensionJSON: information.serializedString(), createdAt: Self.now)
        try await store.recordHookCall(
            HookCall(
                hookInstance: "hook-\(id)", hook: "order-sign", serviceID: "greenlight-order-sign", clientID: "demo-ehr",
                patientID: "p1", receivedAt: Self.now, durationMilliseconds: 1, status: 200, prefetchJSON: "[]",
                ruleVersionsJSON: "{}", assertionIDs: [id], requestJSON: "{}", responseJSON: "{}"),
            assertions: [assertion])
    }
}

/// A Coverage a DTR client sends with its request.
func clientCoverage(id: String = "cov-1") -> JSON {
    .resource(type: "Coverage", id: id, [
        "status": "active", "beneficiary": ["reference": "Patient/p1"], "subscriberId": "S-1",
        "payor": [["identifier": ["system": "http://greenlight.example/payer-id", "value": "NOPE"]]],
    ])
}

/// `$questionnaire-package` input.
func packageInput(coverage: JSON = clientCoverage(), orders: [JSON] = [], questionnaires: [String] = [], context: String? = nil) -> JSON {
    var parameters: [JSON] = [["name": "coverage", "resource": coverage]]
    parameters += orders.map { ["name": "order", "resource": $0] }
    parameters += questionnaires.map { ["name": "questionnaire", "valueCanonical": .string($0)] }
    if let context { parameters.append(["name": "context", "valueString": .string(context)]) }
    return .resource(type: "Parameters", ["parameter": .array(parameters)])
}

extension JSON {
    /// The package Bundles of a `$questionnaire-package` answer.
    var packageBundles: [JSON] {
        (self["parameter"]?.array ?? []).filter { $0["name"]?.string == "PackageBundle" }.compactMap { $0["resource"] }
    }
    var outcomeIssues: [JSON] {
        (self["parameter"]?.array ?? []).first { $0["name"]?.string == "outcome" }?["resource"]?["issue"]?.array ?? []
    }
    var entryResources: [JSON] { (self["entry"]?.array ?? []).compactMap { $0["resource"] } }
}
