@testable import CQL
import FHIR
import Foundation
import Testing

/// Every Library shipped in Questionnaires/libraries translates, with GreenlightDTRCommon resolved
/// for the forms' `Common.…` calls.
@Suite struct ShippedLibraryTests {
    static let forms = ["CPAPPrepopulation", "HomeOxygenPrepopulation", "LumbarSpineMRIPrepopulation", "TotalKneeArthroplastyPrepopulation"]

    static func common() throws -> TranslatedLibrary {
        try CQLTranslator.translate(try CQLTestSupport.shippedSource("GreenlightDTRCommon"))
    }

    static func translate(_ name: String) throws -> TranslatedLibrary {
        let common = try common()
        return try CQLTranslator.translate(try CQLTestSupport.shippedSource(name)) { path, version in
            path == "GreenlightDTRCommon" && version == "2026.1.0" ? common.interface : nil
        }
    }

    static func statement(_ name: String, of library: TranslatedLibrary) -> JSON? {
        library.elm["library"]?["statements"]?["def"]?.array?.first { $0["name"]?.string == name }
    }

    @Test func everyShippedLibraryIsAccountedFor() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CQLTestSupport.libraries.path).filter { $0.hasSuffix(".cql") }
        #expect(Set(files) == Set((Self.forms + ["GreenlightDTRCommon"]).map { "\($0).cql" }))
    }

    @Test(arguments: forms)
    func aFormLibraryTranslates(_ name: String) throws {
        let library = try Self.translate(name)
        #expect(library.elm["library"]?["identifier"] == ["id": .string(name), "version": "2026.1.0"])
        #expect(library.elm["library"]?["includes"] == ["def": [["localIdentifier": "Common", "path": "GreenlightDTRCommon", "version": "2026.1.0"]]])
        let source = try CQLTestSupport.shippedSource(name)
        let defined = source.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("define ") else { return nil }
            return String(line.dropFirst("define ".count).prefix { $0 != ":" })
        }
        let statements = library.elm["library"]?["statements"]?["def"]?.array?.compactMap { $0["name"]?.string } ?? []
        #expect(statements == ["Patient"] + defined)
    }

    @Test func commonDefinesItsFunctionsWithTypedOperands() throws {
        let common = try Self.common()
        #expect(common.interface.functionNames == ["ActiveCodings", "DecimalValue", "EffectiveDate", "MostRecent"])
        let mostRecent = try #require(Self.statement("MostRecent", of: common))
        #expect(mostRecent["type"] == "FunctionDef")
        #expect(mostRecent["operand"] == [[
            "name": "observations",
            "operandTypeSpecifier": ["type": "ListTypeSpecifier", "elementType": CQLTestSupport.named("{http://hl7.org/fhir}Observation")],
        ]])
        let query = try #require(mostRecent["expression"]?["source"])
        #expect(mostRecent["expression"]?["type"] == "Last")
        #expect(query["where"]?["type"] == "In")
        #expect(query["sort"]?["by"]?[0]?["expression"]?["source"]?["operand"] == ["type": "IdentifierRef", "name": "effective"])
        #expect(Self.statement("EffectiveDate", of: common)?["expression"]?["type"] == "DateFrom")
    }

    @Test func theCPAPFormCallsCommonWithARetrieve() throws {
        let cpap = try Self.translate("CPAPPrepopulation")
        #expect(Self.statement("LatestSleepStudy", of: cpap)?["expression"] == [
            "type": "FunctionRef", "name": "MostRecent", "libraryName": "Common",
            "operand": [[
                "type": "Retrieve", "dataType": "{http://hl7.org/fhir}Observation", "templateId": "http://hl7.org/fhir/StructureDefinition/Observation",
                "codeProperty": "code", "codeComparator": "in", "codes": ["type": "ValueSetRef", "name": "Apnea-hypopnea index"],
            ]],
        ])
        #expect(Self.statement("AHI", of: cpap)?["expression"] == [
            "type": "FunctionRef", "name": "DecimalValue", "libraryName": "Common", "operand": [["type": "ExpressionRef", "name": "LatestSleepStudy"]],
        ])
    }

    @Test func homeOxygenBuildsCodes() throws {
        let oxygen = try Self.translate("HomeOxygenPrepopulation")
        let testType = try #require(Self.statement("TestType", of: oxygen)?["expression"])
        #expect(testType["then"] == ["type": "As", "asType": "{urn:hl7-org:elm-types:r1}Code", "operand": ["type": "Null"]])
        #expect(testType["else"]?["then"]?["classType"] == "{urn:hl7-org:elm-types:r1}Code")
        #expect(oxygen.elm["library"]?["codes"]?["def"]?[0]?["codeSystem"] == ["name": "LOINC"])
    }

    @Test func aFormWithoutCommonDoesNotTranslate() throws {
        let error = CQLTestSupport.error(try CQLTestSupport.shippedSource("CPAPPrepopulation"))
        #expect(error?.location.description == "6:1")
    }
}
