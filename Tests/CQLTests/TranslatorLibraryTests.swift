@testable import CQL
import FHIR
import Testing

/// The library document around the statements: identifier, schema, usings, includes,
/// terminology, contexts, the implicit Patient definition.
@Suite struct TranslatorLibraryTests {
    static let common = """
        library Shared version '2.0.0'
        using FHIR version '4.0.1'
        context Patient
        define function Twice(x Integer): x * 2
        define Answer: 42
        private define Hidden: 1
        """

    static func sharedResolver() throws -> CQLTranslator.IncludeResolver {
        let shared = try CQLTranslator.translate(common).interface
        return { path, version in path == "Shared" && (version == nil || version == "2.0.0") ? shared : nil }
    }

    @Test func theDocumentHasTheReferenceTranslatorsHeader() throws {
        let source = """
            library Form version '1.2.3'
            using FHIR version '4.0.1'
            include Shared version '2.0.0' called S
            codesystem "LOINC": 'http://loinc.org'
            valueset "Oxygen": 'http://example.org/ValueSet/oxygen'
            code "PaO2": '2703-7' from "LOINC" display 'Oxygen [Partial pressure]'
            parameter Threshold Integer default 88
            context Patient
            define Doubled: S.Twice(S.Answer)
            """
        let library = try #require(try CQLTranslator.translate(source, includes: Self.sharedResolver()).elm["library"])
        #expect(library["identifier"] == ["id": "Form", "version": "1.2.3"])
        #expect(library["schemaIdentifier"] == ["id": "urn:hl7-org:elm", "version": "r1"])
        #expect(library["usings"] == ["def": [
            ["localIdentifier": "System", "uri": "urn:hl7-org:elm-types:r1"],
            ["localIdentifier": "FHIR", "uri": "http://hl7.org/fhir", "version": "4.0.1"],
        ]])
        #expect(library["includes"] == ["def": [["localIdentifier": "S", "path": "Shared", "version": "2.0.0"]]])
        #expect(library["codeSystems"] == ["def": [["name": "LOINC", "id": "http://loinc.org", "accessLevel": "Public"]]])
        #expect(library["valueSets"] == ["def": [["name": "Oxygen", "id": "http://example.org/ValueSet/oxygen", "accessLevel": "Public"]]])
        #expect(library["codes"] == ["def": [[
            "name": "PaO2", "id": "2703-7", "display": "Oxygen [Partial pressure]", "accessLevel": "Public", "codeSystem": ["name": "LOINC"],
        ]]])
        #expect(library["parameters"] == ["def": [[
            "name": "Threshold", "accessLevel": "Public", "default": CQLTestSupport.integer(88),
            "parameterTypeSpecifier": CQLTestSupport.named("{urn:hl7-org:elm-types:r1}Integer"),
        ]]])
        #expect(library["contexts"] == ["def": [["name": "Patient"]]])
        let statements = try #require(library["statements"]?["def"]?.array)
        #expect(statements.map { $0["name"]?.string } == ["Patient", "Doubled"])
        #expect(statements[0] == [
            "name": "Patient", "context": "Patient",
            "expression": ["type": "SingletonFrom", "operand": [
                "type": "Retrieve", "dataType": "{http://hl7.org/fhir}Patient", "templateId": "http://hl7.org/fhir/StructureDefinition/Patient",
            ]],
        ])
        #expect(statements[1] == [
            "name": "Doubled", "context": "Patient", "accessLevel": "Public",
            "expression": ["type": "FunctionRef", "name": "Twice", "libraryName": "S", "operand": [
                ["type": "ExpressionRef", "name": "Answer", "libraryName": "S"],
            ]],
        ])
    }

    @Test func functionsAreFunctionDefsWithTypedOperands() throws {
        let source = CQLTestSupport.library("""
            define function Latest(observations List<FHIR.Observation>, cutoff System.DateTime):
              Last(observations)
            """)
        let statements = try CQLTranslator.translate(source).elm["library"]?["statements"]?["def"]?.array ?? []
        #expect(statements.last == [
            "name": "Latest", "context": "Patient", "accessLevel": "Public", "type": "FunctionDef",
            "expression": ["type": "Last", "source": ["type": "OperandRef", "name": "observations"]],
            "operand": [
                ["name": "observations", "operandTypeSpecifier": ["type": "ListTypeSpecifier", "elementType": CQLTestSupport.named("{http://hl7.org/fhir}Observation")]],
                ["name": "cutoff", "operandTypeSpecifier": CQLTestSupport.named("{urn:hl7-org:elm-types:r1}DateTime")],
            ],
        ])
    }

    @Test func definitionsMayUseDefinitionsWrittenBelowThem() throws {
        let elm = try CQLTestSupport.expression("A", in: CQLTestSupport.library("define A: B + 1\ndefine B: 2"))
        #expect(elm == ["type": "Add", "operand": [["type": "ExpressionRef", "name": "B"], CQLTestSupport.integer(1)]])
    }

    @Test func theInterfaceListsPublicNamesOnly() throws {
        let interface = try CQLTranslator.translate(Self.common).interface
        #expect(interface.expressionNames == ["Answer", "Patient"])
        #expect(interface.functionNames == ["Twice"])
    }

    @Test(arguments: [
        ("define X: Missing", "5:11", "unknown identifier Missing"),
        ("define X: patient", "5:11", "did you mean Patient?"),
        ("define X: Frobnicate(1)", "5:11", "unknown function Frobnicate"),
        ("define X: StartsWith('a')", "5:11", "StartsWith takes 2 arguments, not 1"),
        ("define X: S.Twice(1, 2)", "5:12", "S.Twice takes 1 argument, not 2"),
        ("define X: S.Twice('a')", "5:19", "argument 1 of S.Twice must be System.Integer, but this is System.String"),
        ("define X: S.Hidden", "5:12", "has no public definition named Hidden"),
        ("define X: S.Nope(1)", "5:12", "has no public function named Nope"),
        ("define X: X", "5:11", "X refers to itself"),
        ("define X: [Observation] O where O.status = 'final'", "5:42", "have different types, FHIR.ObservationStatus and System.String (read a FHIR primitive's value with .value)"),
        ("define X: [Observation] O return O.flavour", "5:35", "unknown element flavour of FHIR.Observation"),
        ("define X: [Observation] O return O.value.value", "5:41", "pick one with 'as'"),
        ("define X: [Observation] O sort by O.issued", "5:35", "unknown identifier O (in a sort"),
        ("define X: [Widget]", "5:11", "unknown resource type Widget"),
        ("define X: 1 + 'a'", "5:13", "must be System.String, but this is System.Integer"),
        ("define X: if 1 then 2 else 3", "5:14", "an if condition must be System.Boolean"),
        ("define X: ([Observation] O return O.effective) as FHIR.Quantity", "5:48", "can never be FHIR.Quantity"),
        ("define X: 99999999999", "5:11", "too large for an Integer"),
    ])
    func translationErrorsSayWhereAndWhat(_ body: String, _ location: String, _ message: String) throws {
        let source = CQLTestSupport.library(body, declarations: "include Shared version '2.0.0' called S")
        let error = CQLTestSupport.error(source, includes: try Self.sharedResolver())
        #expect(error?.location.description == location, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func aMissingIncludeIsAnErrorAtTheInclude() {
        let error = CQLTestSupport.error(CQLTestSupport.library("define X: 1", declarations: "include Nowhere version '9' called N"))
        #expect(error?.location.description == "3:1")
        #expect(error?.message == "included library Nowhere version '9' is not available")
    }

    @Test func onlyFHIR401IsKnown() {
        let error = CQLTestSupport.error("library L\nusing FHIR version '3.0.0'\ndefine X: 1")
        #expect(error?.location.description == "2:1")
        #expect(error?.message.contains("FHIR version '3.0.0' is not supported") == true)
    }
}
