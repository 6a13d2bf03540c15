import DTR
import FHIR
import Foundation
import Testing

/// The shipped forms load clean, and a broken file is reported and refused while the rest loads.
@Suite struct QuestionnaireCatalogTests {
    @Test func theShippedFormsLoadWithoutProblems() throws {
        let result = try DTREnvironment.catalog.get()
        #expect(result.problems.isEmpty, "\(result.problems)")
        let catalog = result.catalog
        for id in ["lumbar-spine-mri", "lumbar-spine-mri-standard", "home-oxygen", "cpap", "total-knee-arthroplasty"] {
            #expect(catalog.questionnaire(id: id) != nil, "missing \(id)")
        }
        #expect(catalog.questionnaire(id: "lumbar-spine-mri")?.isAdaptive == true)
        #expect(catalog.questionnaire(id: "home-oxygen")?.isAdaptive == false)
        // Libraries carry their CQL from the .cql beside them.
        for library in catalog.libraries {
            let content = library.resource["content"]?.array ?? []
            let cql = try #require(content.first { $0["contentType"]?.string == "text/cql" }?["data"]?.string)
            let text = String(decoding: try #require(Data(base64Encoded: cql)), as: UTF8.self)
            #expect(text.contains("library \(library.resource["name"]?.string ?? "?")"))
        }
        // Small sets are expanded, the rules' code sets among them.
        let osa = try #require(catalog.valueSet(Canonical("http://greenlight.example/fhir/ValueSet/obstructive-sleep-apnea")))
        #expect((osa.resource["expansion"]?["contains"]?.array?.count ?? 0) > 0)
        #expect(catalog.valueSet(Canonical("http://greenlight.example/fhir/ValueSet/oxygen-saturation"))?.resource["expansion"]?["total"] == 3)
    }

    /// Every policy that points at a form points at one that is served.
    @Test func everyPolicysQuestionnaireIsServed() throws {
        let catalog = try DTREnvironment.catalog.get().catalog
        let policies = try DTREnvironment.rules.get().policies.filter { $0.questionnaire != nil }
        #expect(policies.count >= 4)
        for policy in policies {
            #expect(catalog.questionnaire(Canonical(policy.questionnaire!)) != nil, "\(policy.id): \(policy.questionnaire!)")
        }
    }

    @Test func brokenFilesAreReportedAndRefusedAndTheRestLoads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dtr-broken-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: DTRPaths.questionnaires, to: folder)
        let forms = folder.appendingPathComponent("questionnaires")
        // Not JSON; the same canonical and version twice; a Library that is not there.
        try Data("{ not json".utf8).write(to: forms.appendingPathComponent("a-broken.json"))
        var copy = try JSON.parse(data: Data(contentsOf: forms.appendingPathComponent("home-oxygen.json")))
        copy["id"] = "home-oxygen-copy"
        try copy.serializedData().write(to: forms.appendingPathComponent("zz-home-oxygen-copy.json"))
        var orphan = try JSON.parse(data: Data(contentsOf: forms.appendingPathComponent("home-oxygen.json")))
        orphan["id"] = "orphan"
        orphan["url"] = "http://greenlight.example/fhir/Questionnaire/orphan"
        orphan["extension"] = [["url": .string(DTRVocabulary.cqfLibrary), "valueCanonical": "http://greenlight.example/fhir/Library/Missing|1"]]
        try orphan.serializedData().write(to: forms.appendingPathComponent("orphan.json"))
        // A Library without its CQL is refused, and takes its Questionnaire with it.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("libraries/CPAPPrepopulation.cql"))

        let result = try QuestionnaireCatalogLoader(directory: folder, ruleValueSets: DTRPaths.ruleValueSets).load()
        let byFile = Dictionary(grouping: result.problems, by: \.file)
        #expect(byFile["questionnaires/a-broken.json"]?.first?.message.contains("not valid JSON") == true)
        #expect(byFile["questionnaires/zz-home-oxygen-copy.json"]?.first?.message.contains("already defined by questionnaires/home-oxygen.json") == true)
        #expect(byFile["questionnaires/orphan.json"]?.first?.message.contains("Library/Missing|1") == true)
        #expect(byFile["libraries/CPAPPrepopulation.json"]?.first?.message.contains("has no CQL") == true)
        #expect(byFile["questionnaires/cpap.json"]?.first?.message.contains("CPAPPrepopulation") == true)
        #expect(result.problems.count == 5, "\(result.problems)")
        for refused in ["orphan", "cpap", "home-oxygen-copy"] {
            #expect(result.catalog.questionnaire(id: refused) == nil)
        }
        // The sound files are still served.
        #expect(result.catalog.questionnaire(id: "home-oxygen") != nil)
        #expect(result.catalog.questionnaire(id: "total-knee-arthroplasty") != nil)
    }
}
