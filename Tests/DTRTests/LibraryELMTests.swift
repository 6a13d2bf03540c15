@testable import DTR
import FHIR
import Foundation
import Testing

/// The loader translates each Library's CQL to ELM, adds it as `application/elm+json` content,
/// and refuses a Library whose CQL does not translate (with its line and column), along with
/// whatever needs that Library.
@Suite struct LibraryELMTests {
    /// A Library carries its CQL and the ELM of it, whose identifier is the Library's name and version.
    static func checkContent(_ library: JSON) throws {
        let content = library["content"]?.array ?? []
        let name = library["name"]?.string ?? "?"
        #expect(content.filter { $0["contentType"]?.string == "text/cql" }.count == 1, "\(name): one text/cql")
        let elms = content.filter { $0["contentType"]?.string == "application/elm+json" }
        #expect(elms.count == 1, "\(name): one application/elm+json")
        let data = try #require(elms.first?["data"]?.string.flatMap { Data(base64Encoded: $0) }, "\(name): base64 ELM")
        let elm = try JSON.parse(data: data)
        #expect(elm["library"]?["identifier"]?["id"]?.string == name)
        #expect(elm["library"]?["identifier"]?["version"] == library["version"])
        #expect(elm["library"]?["schemaIdentifier"] == ["id": "urn:hl7-org:elm", "version": "r1"])
    }

    static func copyOfTheShippedForms() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dtr-elm-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: DTRPaths.questionnaires, to: folder)
        return folder
    }

    static func load(_ folder: URL) throws -> QuestionnaireCatalogLoader.Result {
        try QuestionnaireCatalogLoader(directory: folder, ruleValueSets: DTRPaths.ruleValueSets, now: DTREnvironment.now).load()
    }

    /// Replaces `old` with `new` in a shipped `.cql` and returns the line and column where `new` starts.
    static func edit(_ folder: URL, _ library: String, replacing old: String, with new: String) throws -> String {
        let file = folder.appendingPathComponent("libraries/\(library).cql")
        let text = try String(contentsOf: file, encoding: .utf8)
        let range = try #require(text.range(of: old))
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        try text.replacingCharacters(in: range, with: new).write(to: file, atomically: true, encoding: .utf8)
        return "\(line):\(column)"
    }

    @Test func everyShippedLibraryCarriesCQLAndELM() throws {
        let catalog = try DTREnvironment.catalog.get().catalog
        #expect(catalog.libraries.count == 5)
        for library in catalog.libraries { try Self.checkContent(library.resource) }
    }

    @Test func aLibraryWhoseCQLDoesNotTranslateIsRefusedWithItsLineAndColumn() throws {
        let folder = try Self.copyOfTheShippedForms()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A misspelt element, in the home-oxygen form's CQL only.
        let at = try Self.edit(folder, "HomeOxygenPrepopulation", replacing: "LatestStudy.code.coding C", with: "LatestStudy.code.codings C")
        let result = try Self.load(folder)
        let byFile = Dictionary(grouping: result.problems, by: \.file)
        let message = try #require(byFile["libraries/HomeOxygenPrepopulation.json"]?.first?.message)
        // The error is at `.codings` (the dot), after `LatestStudy.code`.
        let (line, column) = (at.split(separator: ":")[0], Int(at.split(separator: ":")[1])! + "LatestStudy.code".count)
        #expect(message == "its CQL does not translate: \(line):\(column): unknown element codings of FHIR.CodeableConcept (not in the translator's FHIR R4 model table)")
        #expect(byFile["questionnaires/home-oxygen.json"]?.first?.message.contains("HomeOxygenPrepopulation") == true)
        #expect(result.problems.count == 2, "\(result.problems)")
        #expect(result.catalog.questionnaire(id: "home-oxygen") == nil)
        #expect(result.catalog.library(Canonical("http://greenlight.example/fhir/Library/HomeOxygenPrepopulation")) == nil)
        // The rest is served, with ELM.
        #expect(result.catalog.questionnaire(id: "cpap") != nil)
        #expect(result.catalog.libraries.count == 4)
        for library in result.catalog.libraries { try Self.checkContent(library.resource) }
    }

    @Test func aBrokenSharedLibraryRefusesTheLibrariesThatIncludeIt() throws {
        let folder = try Self.copyOfTheShippedForms()
        defer { try? FileManager.default.removeItem(at: folder) }
        let at = try Self.edit(folder, "GreenlightDTRCommon", replacing: "Last(", with: "Final(")
        let result = try Self.load(folder)
        let byFile = Dictionary(grouping: result.problems, by: \.file)
        #expect(byFile["libraries/GreenlightDTRCommon.json"]?.first?.message == "its CQL does not translate: \(at): unknown function Final")
        #expect(byFile["libraries/CPAPPrepopulation.json"]?.first?.message
            == "its CQL includes GreenlightDTRCommon, whose Library (libraries/GreenlightDTRCommon.json) is refused")
        #expect(result.catalog.libraries.isEmpty)
        #expect(result.catalog.questionnaire(id: "cpap") == nil)
    }

    @Test func aCallThatDoesNotFitTheIncludedFunctionIsRefused() throws {
        let folder = try Self.copyOfTheShippedForms()
        defer { try? FileManager.default.removeItem(at: folder) }
        // MostRecent takes Observations; a list of Conditions is a CQL type error found across libraries.
        let at = try Self.edit(folder, "CPAPPrepopulation", replacing: "[Observation: \"Apnea-hypopnea index\"]", with: "[Condition: \"Apnea-hypopnea index\"]")
        let result = try Self.load(folder)
        let message = try #require(result.problems.first { $0.file == "libraries/CPAPPrepopulation.json" }?.message)
        #expect(message == "its CQL does not translate: \(at): argument 1 of Common.MostRecent must be List<FHIR.Observation>, but this is List<FHIR.Condition>")
    }

    @Test func elmAlreadyInTheLibraryIsKeptButTheCQLIsStillChecked() throws {
        let folder = try Self.copyOfTheShippedForms()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("libraries/LumbarSpineMRIPrepopulation.json")
        var library = try JSON.parse(data: Data(contentsOf: file))
        let authored: JSON = ["library": ["identifier": ["id": "LumbarSpineMRIPrepopulation", "version": "2026.1.0"], "annotation": "authored"]]
        library["content"] = [["contentType": "application/elm+json", "data": .string(authored.serializedData().base64EncodedString())]]
        try library.serializedData().write(to: file)

        let result = try Self.load(folder)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let served = try #require(result.catalog.library(Canonical("http://greenlight.example/fhir/Library/LumbarSpineMRIPrepopulation")))
        let elms = (served.resource["content"]?.array ?? []).filter { $0["contentType"]?.string == "application/elm+json" }
        #expect(elms.count == 1)
        let kept = try JSON.parse(data: try #require(elms.first?["data"]?.string.flatMap { Data(base64Encoded: $0) }))
        #expect(kept["library"]?["annotation"] == "authored")

        // Its CQL broken: refused although it brings ELM.
        _ = try Self.edit(folder, "LumbarSpineMRIPrepopulation", replacing: "Common.ActiveCodings", with: "Common.ActiveCoding")
        let broken = try Self.load(folder)
        #expect(broken.problems.first { $0.file == "libraries/LumbarSpineMRIPrepopulation.json" }?.message.contains("has no public function named ActiveCoding") == true)
    }
}

/// A form's CQL expression must name a definition its Library's ELM has.
@Suite struct ExpressionDefinitionTests {
    @Test func aFormCallingADefinitionItsLibraryLacksIsRefused() throws {
        let folder = try LibraryELMTests.copyOfTheShippedForms()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("questionnaires/cpap.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("\\\"CPAPPrepopulation\\\".AHI\""))
        try text.replacingOccurrences(of: "\\\"CPAPPrepopulation\\\".AHI\"", with: "\\\"CPAPPrepopulation\\\".AHIndex\"")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try LibraryELMTests.load(folder)
        let message = try #require(result.problems.first { $0.file == "questionnaires/cpap.json" }?.message)
        #expect(message.hasSuffix("the expression calls \"CPAPPrepopulation\".AHIndex, which library CPAPPrepopulation does not define"), "\(message)")
        #expect(result.problems.count == 1)
        #expect(result.catalog.questionnaire(id: "cpap") == nil)
    }

    @Test func calledDefinitions() {
        #expect(QuestionnaireChecks.calledDefinition("\"Lib\".AHI") == "AHI")
        #expect(QuestionnaireChecks.calledDefinition("\"Lib\".\"Sleep test date\"") == "Sleep test date")
        #expect(QuestionnaireChecks.calledDefinition("\"Lib\".AHI + 1") == nil)
        #expect(QuestionnaireChecks.calledDefinition("AHI") == nil)
    }
}
