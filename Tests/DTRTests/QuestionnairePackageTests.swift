import CaseStore
import DTR
import FHIR
import Foundation
import Testing

/// `$questionnaire-package` against a real store, the shipped forms and the shipped rules.
@Suite struct QuestionnairePackageTests {
    static let base = "http://greenlight.example/fhir/Questionnaire/"
    static let shipped = ["lumbar-spine-mri", "home-oxygen", "cpap", "total-knee-arthroplasty", "brain-mri", "outpatient-physical-therapy"]

    /// The package Bundle's shape: Questionnaire first, every cqf-library and its dependencies
    /// (with CQL and ELM content), every ValueSet they use, a draft response naming the Coverage.
    static func checkPackage(_ bundle: JSON, form id: String) throws {
        #expect(bundle["type"]?.string == "collection")
        let resources = bundle.entryResources
        #expect(resources.first?.resourceType == "Questionnaire")
        #expect(resources.first?.id == id)
        #expect(resources.filter { $0.resourceType == "Questionnaire" }.count == 1)
        let libraries = resources.filter { $0.resourceType == "Library" }
        let names = Set(libraries.compactMap { $0["name"]?.string })
        #expect(names.contains("GreenlightDTRCommon"), "\(id): the shared library travels with the form's own")
        #expect(names.count == libraries.count, "library names are unique")
        for library in libraries {
            try LibraryELMTests.checkContent(library)
            for dependency in library["relatedArtifact"]?.array ?? [] {
                let url = try #require(dependency["resource"]?.string)
                let canonical = Canonical(url)
                #expect(resources.contains { $0["url"]?.string == canonical.url }, "\(id): \(url) is in the package")
            }
        }
        let response = try #require(resources.last)
        #expect(response.resourceType == "QuestionnaireResponse")
        #expect(response.extensions(url: DTRVocabulary.qrContext).first?["valueReference"]?["reference"]?.string == "Coverage/cov-1")
    }

    @Test(arguments: shipped)
    func aPackageByContextForEachShippedForm(_ id: String) async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        try await env.recordAssertion("ctx-\(id)", questionnaires: [Self.base + id])
        let answer = await env.packages.package(body: packageInput(context: "ctx-\(id)"), reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 200)
        #expect(answer.body.profiles == [DTRVocabulary.Profile.outputParameters])
        let bundles = answer.body.packageBundles
        #expect(bundles.count == 1)
        try Self.checkPackage(try #require(bundles.first), form: id)
        #expect(answer.body.outcomeIssues.isEmpty)
        // What CRD said travels on the draft, so the completed response names the assertion.
        let draft = try #require(bundles.first?.entryResources.last)
        #expect(draft.extension(url: CoverageInformation.url)?.extension(url: "coverage-assertion-id")?["valueString"]?.string == "ctx-\(id)")
    }

    static let orders: [(String, JSON)] = [
        ("lumbar-spine-mri", order("ServiceRequest", "code", "http://www.ama-assn.org/go/cpt", "72148")),
        ("home-oxygen", order("DeviceRequest", "codeCodeableConcept", "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "E0431")),
        ("cpap", order("DeviceRequest", "codeCodeableConcept", "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "E0601")),
        ("total-knee-arthroplasty", order("ServiceRequest", "code", "http://www.ama-assn.org/go/cpt", "27447")),
    ]

    static func order(_ type: String, _ element: String, _ system: String, _ code: String) -> JSON {
        .resource(type: type, id: "o1", [element: ["coding": [["system": .string(system), "code": .string(code)]]], "status": "draft"])
    }

    @Test(arguments: 0..<orders.count)
    func aPackageByOrderThroughTheRules(_ index: Int) async throws {
        let (id, order) = Self.orders[index]
        let env = try DTREnvironment()
        defer { env.remove() }
        let answer = await env.packages.package(body: packageInput(orders: [order]), reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 200)
        let bundles = answer.body.packageBundles
        #expect(bundles.count == 1)
        try Self.checkPackage(try #require(bundles.first), form: id)
        let draft = try #require(bundles.first?.entryResources.last)
        let contexts = draft.extensions(url: DTRVocabulary.qrContext).compactMap { $0["valueReference"]?["reference"]?.string }
        #expect(contexts.contains(order.address!.relative))
    }

    /// The adaptive form points the client at this server for `$next-question`, and its draft
    /// holds the empty contained form.
    @Test func theAdaptiveFormNamesTheServerAndCarriesAnEmptyContainedForm() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        let answer = await env.packages.package(body: packageInput(questionnaires: [Self.base + "lumbar-spine-mri"]), reader: DTREnvironment.ehr, now: DTREnvironment.now)
        let bundle = try #require(answer.body.packageBundles.first)
        let form = try #require(bundle.entryResources.first)
        #expect(form.extension(url: DTRVocabulary.questionnaireAdaptive)?["valueUrl"]?.string == DTREnvironment.base)
        let draft = try #require(bundle.entryResources.last)
        #expect(draft["questionnaire"]?.string == "#adaptive-form")
        #expect(draft["contained"]?[0]?["derivedFrom"]?[0]?.string == Self.base + "lumbar-spine-mri|2026.1.0")
        #expect(draft["contained"]?[0]?["item"] == nil)
    }

    /// The official input example: a Coverage and an order for a blood gas panel (LOINC
    /// 24338-6), which no policy here governs: answered, with no form and a warning saying why.
    @Test func theOfficialInputExampleIsAnsweredWithAWarning() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        let input = try DTRPaths.example("ig-2.0.1/Parameters-QuestionnairePackageInputParamsExample.json")
        let answer = await env.packages.package(body: input, reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 200)
        #expect(answer.body.packageBundles.isEmpty)
        let issue = try #require(answer.body.outcomeIssues.first)
        #expect(issue["severity"]?.string == "warning")
        #expect(issue["diagnostics"]?.string?.contains("ServiceRequest/ServiceRequestExample") == true)
    }

    @Test func anUnknownCanonicalIsAWarningBesideTheKnownOnes() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        let body = packageInput(questionnaires: [Self.base + "cpap", "http://example.com/Questionnaire/nothing|1"])
        let answer = await env.packages.package(body: body, reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 200)
        #expect(answer.body.packageBundles.count == 1)
        let issues = answer.body.outcomeIssues
        #expect(issues.count == 1)
        #expect(issues.first?["code"]?.string == "not-found")
        #expect(issues.first?["diagnostics"]?.string?.contains("http://example.com/Questionnaire/nothing|1") == true)
    }

    @Test func unchangedFormsAreNotSentAgain() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        var body = packageInput(questionnaires: [Self.base + "cpap"])
        var parameters = body["parameter"]?.array ?? []
        parameters.append(["name": "changedsince", "valueInstant": "2027-01-01T00:00:00Z"])
        body["parameter"] = .array(parameters)
        let answer = await env.packages.package(body: body, reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 200)
        #expect(answer.body.packageBundles.isEmpty)
    }

    @Test func badInputIsA400NamingTheParameter() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        let cases: [(JSON, String)] = [
            (.resource(type: "Patient"), "Parameters"),
            (packageInput(), "Parameters.parameter"),  // dtr-1
            (.resource(type: "Parameters", ["parameter": [["name": "coverage", "resource": .resource(type: "Patient")]]]),
             "Parameters.parameter[0].resource"),
            (.resource(type: "Parameters", ["parameter": [["name": "coverage", "resource": clientCoverage()], ["name": "changedsince", "valueInstant": "yesterday"]]]),
             "Parameters.parameter[1].valueInstant"),
        ]
        for (body, path) in cases {
            let answer = await env.packages.package(body: body, reader: DTREnvironment.ehr, now: DTREnvironment.now)
            #expect(answer.status == 400)
            let outcome = try OperationOutcome(json: answer.body)
            #expect(outcome.issues.count == 1)
            #expect(outcome.issues.first?.expression == [path])
        }
    }

    /// A context that cannot be looked up is not one that does not exist: 503, not a warning.
    @Test func aStoreThatCannotBeReadIsA503NotAnUnknownContext() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        try await env.recordAssertion("ctx-1", questionnaires: [Self.base + "cpap"])
        try env.store.close()
        let answer = await env.packages.package(body: packageInput(context: "ctx-1"), reader: DTREnvironment.ehr, now: DTREnvironment.now)
        #expect(answer.status == 503)
        #expect(try OperationOutcome(json: answer.body).issues.first?.code == .transient)
    }

    /// The context id is no capability: another organization's client gets no package from it
    /// (and cannot tell it from an unknown id); a client of the EHR's own organization does.
    @Test func aContextIsUsableOnlyByTheOrganizationThatGotIt() async throws {
        let env = try DTREnvironment()
        defer { env.remove() }
        try await env.recordAssertion("ctx-1", questionnaires: [Self.base + "cpap"])
        let clinic = OrganizationIdentifier(system: "http://hl7.org/fhir/sid/us-npi", value: "1500000017")
        try await env.store.upsertClient(RegisteredClient(
            id: "demo-ehr", name: "EHR", kind: .ehr, organizationIdentifiers: [clinic], jwksURL: "https://ehr.example/jwks",
            createdAt: DTREnvironment.now))

        let sameOrganization = AssertionReader(clientID: "clinic-dtr-app", organizationIdentifiers: [clinic])
        let own = await env.packages.package(body: packageInput(context: "ctx-1"), reader: sameOrganization, now: DTREnvironment.now)
        #expect(own.body.packageBundles.count == 1)

        let stranger = AssertionReader(
            clientID: "other-clinic", organizationIdentifiers: [.init(system: "http://hl7.org/fhir/sid/us-npi", value: "1999999999")])
        let other = await env.packages.package(body: packageInput(context: "ctx-1"), reader: stranger, now: DTREnvironment.now)
        #expect(other.status == 200)
        #expect(other.body.packageBundles.isEmpty)
        let unknown = await env.packages.package(body: packageInput(context: "ctx-nope"), reader: stranger, now: DTREnvironment.now)
        let warnings = { (answer: DTRAnswer) in answer.body["parameter"]?.array?.compactMap { $0["resource"]?["issue"]?[0]?["diagnostics"]?.string } }
        #expect(warnings(other)?.map { $0.replacingOccurrences(of: "ctx-1", with: "ID") }
            == warnings(unknown)?.map { $0.replacingOccurrences(of: "ctx-nope", with: "ID") })
    }
}
