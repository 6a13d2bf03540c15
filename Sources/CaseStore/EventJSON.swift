import Foundation

/// The JSON text of the event states written on every request (an item, a decided item, a
/// status, an intake), written directly instead of through `JSONEncoder`, which cost more than
/// the rest of recording a decision. The text is the one ``CaseEventWriter/json(_:)`` writes
/// for any other state: keys sorted, absent optionals left out, times as
/// ``StorageTime/iso8601(_:)`` writes them, slashes not escaped.
enum EventJSON {
    indirect enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case date(Date)
        case strings([String])
        case ints([Int])
        case object([String: Value])

        func write(to text: inout String) {
            switch self {
            case .string(let string): JSONColumn.appendQuoted(string, to: &text)
            case .int(let number): text += String(number)
            case .bool(let flag): text += flag ? "true" : "false"
            case .date(let date): JSONColumn.appendQuoted(StorageTime.iso8601(date), to: &text)
            case .strings(let strings): text += JSONColumn.encode(strings)
            case .ints(let numbers): text += "[" + numbers.map(String.init).joined(separator: ",") + "]"
            case .object(let members):
                text += "{"
                for (index, key) in members.keys.sorted().enumerated() {
                    if index > 0 { text += "," }
                    JSONColumn.appendQuoted(key, to: &text)
                    text += ":"
                    members[key]!.write(to: &text)
                }
                text += "}"
            }
        }
    }
}

/// A state the event writer can write without `JSONEncoder`.
protocol EventJSONRepresentable {
    var eventJSON: EventJSON.Value { get }
}

extension EventJSON.Value {
    /// An object from members whose `nil` values are left out, as `JSONEncoder` leaves out
    /// absent optionals.
    static func members(_ members: [String: EventJSON.Value?]) -> EventJSON.Value {
        .object(members.compactMapValues { $0 })
    }
}

extension CaseItem: EventJSONRepresentable {
    var eventJSON: EventJSON.Value {
        .members([
            "caseID": .string(caseID),
            "sequence": .int(sequence),
            "service": .object(["system": .string(service.system), "code": .string(service.code)]),
            "quantity": quantity?.eventJSON,
            "servicePeriod": servicePeriod?.eventJSON,
            "status": .string(status.rawValue),
            "reviewAction": reviewAction.map { .string($0.rawValue) },
            "reasonCodes": .strings(reasonCodes),
            "note": note.map { .string($0) },
            "authorizedQuantity": authorizedQuantity?.eventJSON,
            "authorizedPeriod": authorizedPeriod?.eventJSON,
            "decidedAt": decidedAt.map { .date($0) },
            "decidedBy": decidedBy.map { .string($0) },
            "onTime": onTime.map { .bool($0) },
        ])
    }
}

extension Quantity {
    var eventJSON: EventJSON.Value {
        .members(["value": .string(value), "unit": unit.map { .string($0) }])
    }
}

extension ServicePeriod {
    var eventJSON: EventJSON.Value {
        .members(["start": start.map { .string($0) }, "end": end.map { .string($0) }])
    }
}

extension EventState.Status: EventJSONRepresentable {
    var eventJSON: EventJSON.Value {
        .members([
            "status": .string(status.rawValue), "decidedAt": decidedAt.map { .date($0) }, "onTime": onTime.map { .bool($0) },
        ])
    }
}

extension EventState.Intake: EventJSONRepresentable {
    var eventJSON: EventJSON.Value {
        .object([
            "status": .string(status.rawValue), "urgency": .string(urgency.rawValue), "receivedAt": .date(receivedAt),
            "dueAt": .date(dueAt), "items": .ints(items),
        ])
    }
}
