import FHIR
import Testing

/// The structure checks run over the official examples and a few broken resources.
@Suite("Structure validation")
struct StructureValidatorTests {
    /// Examples that are FHIR resources (CDS Hooks payloads and bulk-data manifests are not),
    /// except the Inferno package, whose Library id `CDS_Connect_Commons_for_FHIRv400` really
    /// is not a valid FHIR id.
    static let resourceExamples = Fixtures.exampleFiles.filter { file in
        !file.hasPrefix("crd/") && !file.contains("BulkDataManifest") && !file.hasSuffix("questionnaire_package.json")
    }

    @Test(arguments: resourceExamples)
    func officialExamplesHaveNoErrors(_ file: String) throws {
        let json = try JSON.parse(data: Fixtures.data(file))
        let errors = StructureValidator().validate(json).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(OperationOutcome(issues: errors))")
    }

    @Test func theInvalidIdInTheInfernoPackageIsFound() throws {
        let json = try JSON.parse(data: Fixtures.data("dtr/inferno-dtr-test-kit/questionnaire_package.json"))
        let issues = StructureValidator().validate(json)
        #expect(issues.map(\.expression) == [["Bundle.entry[3].resource.id"]])
    }

    @Test func problemsAreNamedByPath() {
        let patient: JSON = [
            "resourceType": "Patient", "id": "bad id", "name": [], "gender": "", "birthDate": "2026-02-30",
            "contact": [nil],
        ]
        let issues = StructureValidator().validate(patient, expectedType: "Patient")
        let paths = Set(issues.flatMap(\.expression))
        #expect(paths == ["Patient.id", "Patient.name", "Patient.gender", "Patient.birthDate", "Patient.contact[0]"])
        #expect(StructureValidator().validate(["resourceType": "Claim"], expectedType: "Patient").first?.code == .invalid)
        #expect(StructureValidator().validate(["resourceType": "Unicorn"]).first?.code == .invalid)
    }

    @Test func choiceValuesMustBeWhatTheirNameSays() {
        let observation: JSON = [
            "resourceType": "Observation", "status": "final", "code": ["text": "x"],
            "extension": [
                ["url": "http://example.org/a", "valueDate": "2026-13-01"],
                ["url": "http://example.org/b", "valueBoolean": "true"],
                ["url": "http://example.org/c", "valueInteger": 1.5],
                ["url": "http://example.org/d", "valuePositiveInt": 0],
                ["url": "http://example.org/e", "valueTime": "25:00:00"],
                ["url": "http://example.org/f", "valueString": 7],
                ["url": "http://example.org/ok", "valueDateTime": "2026-11-23T10:00:00Z"],
                ["url": "http://example.org/ok", "valueTime": "08:30:00.5"],
                ["url": "http://example.org/ok", "valueUnsignedInt": 0],
            ],
            // Names that merely end in a type are not choices: `recordedDate` is a dateTime elsewhere.
            "valueSet": "not-a-choice",
        ]
        let paths = StructureValidator().validate(observation).flatMap(\.expression)
        #expect(paths == (0..<6).map { "Observation.extension[\($0)]." + ["valueDate", "valueBoolean", "valueInteger", "valuePositiveInt", "valueTime", "valueString"][$0] })
    }

    @Test func answerChoicesAreCheckedToo() {
        let form: JSON = [
            "resourceType": "Questionnaire", "status": "active",
            "item": [["linkId": "a", "type": "boolean", "enableWhen": [["question": "b", "operator": "=", "answerBoolean": "yes"]]]],
        ]
        #expect(StructureValidator().validate(form).flatMap(\.expression) == ["Questionnaire.item[0].enableWhen[0].answerBoolean"])
    }
}
