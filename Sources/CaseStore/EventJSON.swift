import Foundation

/// The JSON text of the event states written on every request (an item, a decided item, a
/// status, an intake), written directly instead of through `JSONEncoder`, which cost more than
/// the rest of recording a decision. The text is the one ``CaseEventWriter/json(_:)`` writes
/// for any other state: keys sorted, absent optionals left out, times as
/// ``StorageTime/iso8601(_:)`` writes them, slashes not escaped.
enum EventJSON {
    /// An object's members in the order written down; written out with sorted keys. A list
    /// rather than a dictionary: a dozen keys are sorted faster than they are hashed twice.
    struct Members: ExpressibleByDictionaryLiteral {
        private(set) var pairs: [(key: String, value: Value)]

        init(dictionaryLiteral elements: (String, Value)...) {
            pairs = elements.map { (key: $0.0, value: $0.1) }
        }

        init(_ pairs: [(key: String, value: Value)]) {
            self.pairs = pairs
        }

        subscript(key: String) -> Value? {
            get { pairs.first { $0.key == key }?.value }
            set {
                pairs.removeAll { $0.key == key }
                if let newValue { pairs.append((key: key, value: newValue)) }
            }
        }
    }

    indirect enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case date(Date)
        case strings([String])
        case ints([Int])
        case object(Members)
        /// JSON text written as it is: the caller has checked it (``JSONSyntax``).
        case json(String)

        /// Appends the value's JSON text to `bytes` (bytes, not a `String`: appending to a
        /// string piece by piece cost more than the escaping).
        func write(to bytes: inout [UInt8]) {
            switch self {
            case .string(let string): JSONColumn.appendQuoted(string, to: &bytes)
            case .json(let text): bytes.append(contentsOf: text.utf8)
            case .int(let number): bytes.append(contentsOf: String(number).utf8)
            case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case .date(let date): JSONColumn.appendQuoted(StorageTime.iso8601(date), to: &bytes)
            case .strings(let strings): JSONColumn.appendArray(strings, to: &bytes)
            case .ints(let numbers):
                bytes.append(UInt8(ascii: "["))
                for (index, number) in numbers.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    bytes.append(contentsOf: String(number).utf8)
                }
                bytes.append(UInt8(ascii: "]"))
            case .object(let members):
                bytes.append(UInt8(ascii: "{"))
                for (index, member) in members.pairs.sorted(by: { $0.key < $1.key }).enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    JSONColumn.appendQuoted(member.key, to: &bytes)
                    bytes.append(UInt8(ascii: ":"))
                    member.value.write(to: &bytes)
                }
                bytes.append(UInt8(ascii: "}"))
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
    static func members(_ members: KeyValuePairs<String, EventJSON.Value?>) -> EventJSON.Value {
        .object(EventJSON.Members(members.compactMap { member in member.value.map { (key: member.key, value: $0) } }))
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
