import CaseStore
import FHIR
import Foundation
import Testing

/// `greenlight hooks log` run as a process on a store holding logged calls.
@Suite("greenlight hooks command line", .serialized)
struct HooksCommandLineTests {
    @Test func logListsFiltersAndShowsOneCall() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("g.sqlite").path
        let store = try SQLiteCaseStore(path: path)
        for (index, patient) in ["member-004", "member-001"].enumerated() {
            try await store.recordHookCall(
                HookCall(
                    hookInstance: "instance-\(index)", hook: "order-sign", serviceID: "greenlight-order-sign",
                    clientID: "demo-ehr", patientID: patient,
                    receivedAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(index) * 60), durationMilliseconds: 9,
                    status: index == 0 ? 200 : 422, prefetchJSON: #"[{"key":"coverage","source":"prefetch"}]"#,
                    ruleVersionsJSON: #"{"lumbar-spine-mri":"abc"}"#, assertionIDs: index == 0 ? ["crd-1"] : [],
                    requestJSON: #"{"hook":"order-sign"}"#, responseJSON: #"{"cards":[]}"#),
                assertions: [])
        }
        try store.close()

        let all = try await CommandLineTests.run(["hooks", "log", "--database", path], in: directory)
        #expect(all.status == 0, "\(all.output)")
        let lines = all.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("422") == true && lines.first?.contains("instance-1") == true)  // newest first
        #expect(lines.last?.contains("assertions: crd-1") == true)

        let one = try await CommandLineTests.run(["hooks", "log", "--database", path, "--patient", "member-004", "--json"], in: directory)
        let call = try JSON.parse(Data(one.output.utf8))
        #expect(call["hookInstance"] == "instance-0")
        #expect(call["request"] == ["hook": "order-sign"])
        #expect(call["ruleVersions"] == ["lumbar-spine-mri": "abc"])

        let shown = try await CommandLineTests.run(["hooks", "log", "--database", path, "--instance", "instance-1"], in: directory)
        #expect(try JSON.parse(Data(shown.output.utf8))["status"] == 422)

        let none = try await CommandLineTests.run(["hooks", "log", "--database", path, "--client", "someone-else"], in: directory)
        #expect(none.output.contains("No hook calls match"))

        let bad = try await CommandLineTests.run(["hooks", "log", "--database", path, "--since", "last week"], in: directory)
        #expect(bad.status != 0)
        #expect(bad.output.contains("--since"))
    }
}
