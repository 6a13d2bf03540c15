import FHIR
import Foundation
import Testing

/// `greenlight rules …` run as a process on the shipped Rules and on a copy an analyst edits.
@Suite("greenlight rules command line", .serialized)
struct RulesCommandLineTests {
    let rules = Paths.repository.appendingPathComponent("Rules")

    func run(_ arguments: [String], in directory: URL) async throws -> CommandLineTests.Finished {
        try await CommandLineTests.run(arguments, in: directory)
    }

    @Test func checkTestAndListTheShippedRules() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let check = try await run(["rules", "check", "--rules", rules.path], in: directory)
        #expect(check.status == 0, "\(check.output)")
        let test = try await run(["rules", "test", "--rules", rules.path], in: directory)
        #expect(test.status == 0, "\(test.output)")
        #expect(!test.output.contains("FAIL"))
        let list = try await run(["rules", "list", "--rules", rules.path], in: directory)
        #expect(list.output.contains("lumbar-spine-mri"))
    }

    /// eval prints a record; replay of that record on unchanged rules is "same" (exit 0); after
    /// the analyst edits the policy, replay names the version change and the decision change
    /// (exit 1); a file that is not a record is refused with the reason.
    @Test func evalThenReplayAfterAPolicyChange() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: rules, to: copy)

        let tests = try JSON.parse(data: Data(contentsOf: copy.appendingPathComponent("tests/brain-mri.json")))
        let gold = try #require(tests["cases"]?.array?.first { $0["name"]?.string?.hasPrefix("gold-carded") == true })
        let input = directory.appendingPathComponent("input.json")
        try #require(gold["input"]).serializedData().write(to: input)

        let eval = try await run(["rules", "eval", "--rules", copy.path, "--policy", "brain-mri", input.path], in: directory)
        #expect(eval.status == 0, "\(eval.output)")
        let record = try JSON.parse(data: Data(eval.output.utf8))
        #expect(record["decision"]?["pa_needed"] == "no-auth")
        let recordFile = directory.appendingPathComponent("record.json")
        try Data(eval.output.utf8).write(to: recordFile)

        let same = try await run(["rules", "replay", "--rules", copy.path, recordFile.path], in: directory)
        #expect(same.status == 0, "\(same.output)")
        #expect(same.output.contains("decision same"))

        // The analyst withdraws the requester's gold card.
        let npi = try #require(gold["input"]?["requester"]?["npi"]?.string)
        let data = copy.appendingPathComponent("data/gold-card.json")
        let withdrawn = try String(contentsOf: data, encoding: .utf8)
            .replacingOccurrences(of: "\"npi\": \"\(npi)\"", with: "\"npi\": \"0000000000\"")
        #expect(withdrawn.contains("0000000000"))
        try withdrawn.write(to: data, atomically: true, encoding: .utf8)
        let changed = try await run(["rules", "replay", "--rules", copy.path, recordFile.path], in: directory)
        #expect(changed.status == 1, "\(changed.output)")
        #expect(changed.output.contains(#"decision.pa_needed: "no-auth" → "auth-needed""#), "\(changed.output)")

        let bogus = directory.appendingPathComponent("bogus.json")
        try Data(#"{"policy": "brain-mri"}"#.utf8).write(to: bogus)
        let refused = try await run(["rules", "replay", "--rules", copy.path, bogus.path], in: directory)
        #expect(refused.status != 0)
        #expect(refused.output.contains("bogus.json: the record has no \"input\""), "\(refused.output)")

        let unknown = try await run(["rules", "eval", "--rules", copy.path, "--policy", "nope", input.path], in: directory)
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("no policy with id"), "\(unknown.output)")
    }
}
