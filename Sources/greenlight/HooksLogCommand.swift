import ArgumentParser
import CaseStore
import FHIR
import Foundation
import Logging

/// `greenlight hooks log`: the logged CDS Hooks calls, newest first.
struct HooksLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List logged CDS Hooks calls, newest first; --instance shows one call in full.",
        discussion: """
            Examples:

              greenlight hooks log --patient member-004 --since 2026-11-01
              greenlight hooks log --instance d1577c69-dfbe-44ad-ba6d-3e05e953b2ea
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Show this call (its hookInstance) with request, response and prefetch.", valueName: "uuid"))
    var instance: String?

    @Option(help: ArgumentHelp("Only calls about this patient id.", valueName: "id"))
    var patient: String?

    @Option(help: ArgumentHelp("Only calls from this client.", valueName: "id"))
    var client: String?

    @Option(help: ArgumentHelp("Only this hook (order-sign, order-dispatch, …).", valueName: "hook"))
    var hook: String?

    @Option(help: ArgumentHelp("Only calls received on or after this day (YYYY-MM-DD, UTC) or time (ISO 8601).", valueName: "when"))
    var since: String?

    @Option(help: "At most this many calls.")
    var limit: Int = 50

    @Flag(help: "Print each call as one JSON object per line.")
    var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        if let since, Self.date(since) == nil {
            throw ValidationError("--since \"\(since)\" is neither YYYY-MM-DD nor an ISO 8601 time")
        }
    }

    func run() async throws {
        let configuration = try store.resolvedConfiguration()
        let caseStore = try CaseStoreSetup.open(configuration, logger: Logger(label: "greenlight.hooks"))
        let calls = try await caseStore.hookCalls(HookCallQuery(
            hookInstance: instance, patientID: patient, clientID: client, hook: hook,
            since: since.flatMap(Self.date), limit: limit))
        if calls.isEmpty {
            print("No hook calls match in \(configuration.databasePath).")
            return
        }
        for call in calls {
            if json {
                print(Self.json(call).serializedString())
            } else if instance != nil {
                print(Self.json(call).serializedString(pretty: true))
            } else {
                print(Self.line(call))
            }
        }
    }

    static func line(_ call: HookCall) -> String {
        let time = call.receivedAt.formatted(.iso8601)
        let assertions = call.assertionIDs.isEmpty ? "" : "  assertions: \(call.assertionIDs.joined(separator: ", "))"
        return "\(time)  \(call.status)  \(call.durationMilliseconds) ms  \(call.hook)  client \(call.clientID)"
            + "  patient \(call.patientID ?? "—")  \(call.hookInstance)\(assertions)"
    }

    /// The call as JSON, with the stored JSON texts embedded as JSON (unreadable text kept as a string).
    static func json(_ call: HookCall) -> JSON {
        func embedded(_ text: String) -> JSON { (try? JSON.parse(data: Data(text.utf8))) ?? .string(text) }
        var object: JSONObject = [
            "id": .number(JSONNumber(Int(call.id))), "hookInstance": .string(call.hookInstance),
            "hook": .string(call.hook), "service": .string(call.serviceID), "client": .string(call.clientID),
            "receivedAt": .string(call.receivedAt.formatted(.iso8601)),
            "durationMs": .number(JSONNumber(call.durationMilliseconds)), "status": .number(JSONNumber(call.status)),
            "assertions": .array(call.assertionIDs.map(JSON.string)),
            "prefetch": embedded(call.prefetchJSON), "ruleVersions": embedded(call.ruleVersionsJSON),
            "request": embedded(call.requestJSON), "response": embedded(call.responseJSON),
        ]
        if let patient = call.patientID { object["patient"] = .string(patient) }
        return .object(object)
    }

    static func date(_ text: String) -> Date? {
        if let day = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return day }
        return try? Date(text, strategy: .iso8601)
    }
}
