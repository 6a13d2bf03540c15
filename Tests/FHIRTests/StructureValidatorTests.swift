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
}
