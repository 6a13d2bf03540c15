import FHIR
import Foundation
import Testing

/// `greenlight questionnaires …` run as a process on the shipped forms and on a copy an author breaks.
@Suite("greenlight questionnaires command line", .serialized)
struct QuestionnairesCommandLineTests {
    let forms = Paths.repository.appendingPathComponent("Questionnaires")
    let rules = Paths.repository.appendingPathComponent("Rules")

    @Test func theShippedFormsCheckAndALibraryPrintsItsELM() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let check = try await CommandLineTests.run(["questionnaires", "check", "--questionnaires", forms.path, "--rules", rules.path], in: directory)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("Library http://greenlight.example/fhir/Library/CPAPPrepopulation|2026.1.0"))

        let elm = try await CommandLineTests.run(
            ["questionnaires", "elm", "--questionnaires", forms.path, "--rules", rules.path, "CPAPPrepopulation"], in: directory)
        #expect(elm.status == 0, "\(elm.output)")
        let document = try JSON.parse(data: Data(elm.output.utf8))
        #expect(document["library"]?["identifier"]?["id"] == "CPAPPrepopulation")
        #expect(document["library"]?["statements"]?["def"]?.array?.contains { $0["name"] == "AHI" } == true)
    }

    @Test func aBrokenLibraryIsRefusedWithItsPositionAndTheCheckFails() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("Questionnaires")
        try FileManager.default.copyItem(at: forms, to: copy)
        let cql = copy.appendingPathComponent("libraries/CPAPPrepopulation.cql")
        let broken = try String(contentsOf: cql, encoding: .utf8)
            .replacingOccurrences(of: "Common.DecimalValue(LatestSleepStudy)", with: "Common.DecimalValu(LatestSleepStudy)")
        try broken.write(to: cql, atomically: true, encoding: .utf8)

        let check = try await CommandLineTests.run(["questionnaires", "check", "--questionnaires", copy.path, "--rules", rules.path], in: directory)
        #expect(check.status != 0)
        #expect(check.output.contains("refused  libraries/CPAPPrepopulation.json"), "\(check.output)")
        #expect(check.output.contains("DecimalValu"), "\(check.output)")
        // The form that needs the Library goes with it; the others still load.
        #expect(check.output.contains("refused  questionnaires/cpap.json"), "\(check.output)")
        #expect(check.output.contains("Questionnaire http://greenlight.example/fhir/Questionnaire/home-oxygen"))

        let elm = try await CommandLineTests.run(
            ["questionnaires", "elm", "--questionnaires", copy.path, "--rules", rules.path, "CPAPPrepopulation"], in: directory)
        #expect(elm.status != 0)
        #expect(elm.output.contains("No loaded Library is named CPAPPrepopulation"))
    }
}
