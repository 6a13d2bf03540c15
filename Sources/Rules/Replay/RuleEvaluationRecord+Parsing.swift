import FHIR
import Foundation

/// A stored record (the shape of ``RuleEvaluationRecord/json``) that cannot be read back.
public struct RuleRecordFormatError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension RuleEvaluationRecord {
    /// Reads a record back from its ``json`` form, e.g. from the case store's audit trail.
    public init(json: JSON) throws(RuleRecordFormatError) {
        guard case .object(let object) = json else {
            throw RuleRecordFormatError(description: "a rule evaluation record must be a JSON object")
        }
        func text(_ key: String) throws(RuleRecordFormatError) -> String {
            guard let value = object[key]?.string else {
                throw RuleRecordFormatError(description: "the record has no \"\(key)\" string")
            }
            return value
        }
        guard let input = object["input"] else {
            throw RuleRecordFormatError(description: "the record has no \"input\"")
        }
        var error: LuaFailure?
        if let failure = object["error"], !failure.isNull {
            guard let kind = failure["kind"]?.string.flatMap(LuaFailure.Kind.init(rawValue:)),
                let message = failure["message"]?.string
            else {
                throw RuleRecordFormatError(description: "the record's \"error\" needs a known kind and a message")
            }
            error = LuaFailure(kind: kind, message: message)
        }
        var unread: [String] = []
        if let listed = object["unread"], !listed.isNull {
            guard let paths = listed.array?.compactMap(\.string), paths.count == listed.array?.count,
                paths.allSatisfy({ InputPath.steps($0) != nil })
            else {
                throw RuleRecordFormatError(description: "the record's \"unread\" must list input paths (patient.resource)")
            }
            unread = paths
        }
        let evaluatedAt = try object["evaluated_at"]?.string.map { stamp throws(RuleRecordFormatError) in
            guard let date = ISO8601DateFormatter().date(from: stamp) else {
                throw RuleRecordFormatError(description: "evaluated_at \"\(stamp)\" is not an ISO 8601 time")
            }
            return date
        }
        self.init(
            policyID: try text("policy"), policyVersion: object["version"]?.string ?? "",
            policyFile: object["file"]?.string ?? "", function: try text("function"), input: input, unread: unread,
            output: object["output"].flatMap { $0.isNull ? nil : $0 },
            decision: object["decision"].flatMap { $0.isNull ? nil : $0 }, error: error,
            instructions: object["instructions"]?.int ?? 0,
            duration: .microseconds(object["duration_us"]?.int ?? 0), evaluatedAt: evaluatedAt ?? Date(timeIntervalSince1970: 0))
    }
}
