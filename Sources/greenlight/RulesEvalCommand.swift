import ArgumentParser
import FHIR
import Foundation
import Rules

/// `greenlight rules eval`: run one function of one policy on an input and print the record.
struct RulesEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run one policy function on an input file and print the evaluation record.",
        discussion: """
            The record is what the server stores with a decision: the policy id and version \
            (SHA-256 of the file), the input, what the function returned, the decision the engine \
            made of it (or the fallback and the error), instructions and time. Save it and give it \
            to `greenlight rules replay` after changing a policy.
            """
    )

    @OptionGroup var options: RulesOptions

    @Option(name: .long, help: ArgumentHelp("The policy id (see `greenlight rules list`).", valueName: "id"))
    var policy: String

    @Option(name: .long, help: ArgumentHelp("coverage, adjudicate or next_question.", valueName: "name"))
    var function: String = "coverage"

    @Argument(help: ArgumentHelp("The input as a JSON file (the `req` table the function gets); - reads standard input.", valueName: "input.json"))
    var input: String

    func run() async throws {
        let engine = try options.engine()
        let request = try readJSON(input, what: "input")
        let record = await engine.evaluate(function: function, policyID: policy, input: request)
        print(record.json.serializedString(pretty: true))
        if record.error != nil { throw ExitCode.failure }
    }
}

/// A JSON document from a file, or from standard input for `-`, or a failure naming the problem.
func readJSON(_ path: String, what: String) throws -> JSON {
    let data: Data
    if path == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the \(what) file \(path)")
        }
        data = contents
    }
    do {
        return try JSON.parse(data: data)
    } catch {
        throw CommandFailure("the \(what) in \(path == "-" ? "standard input" : path) is not valid JSON: \(error)")
    }
}
