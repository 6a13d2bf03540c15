import FHIR
import Foundation

/// Compares a parsed ``JSON`` with what Foundation's `JSONSerialization` read from the same
/// text: an independent parser as the reference for "the same document".
///
/// Strings must be equal, arrays equal in order, objects equal by key set. Numbers: the
/// literal read as `Decimal` must equal the `NSNumber`'s decimal value, or — since
/// `JSONSerialization` holds fractions and very large integers as `Double` — the literal
/// read as `Double` must equal the `NSNumber`'s `Double`.
/// Returns a description of the first difference, or `nil` when there is none.
func difference(_ json: JSON, _ foundation: Any, path: String = "$") -> String? {
    switch json {
    case .null:
        return foundation is NSNull ? nil : "\(path): expected null, Foundation has \(foundation)"
    case .bool(let bool):
        guard let number = foundation as? NSNumber, isBoolean(number) else {
            return "\(path): expected a Boolean, Foundation has \(foundation)"
        }
        return number.boolValue == bool ? nil : "\(path): \(bool) vs \(number)"
    case .number(let number):
        guard let other = foundation as? NSNumber, !isBoolean(other) else {
            return "\(path): expected a number, Foundation has \(foundation)"
        }
        if let decimal = number.decimal, decimal == other.decimalValue { return nil }
        if number.double == other.doubleValue { return nil }
        return "\(path): \(number.literal) vs \(other)"
    case .string(let string):
        return foundation as? String == string ? nil : "\(path): \"\(string)\" vs \(foundation)"
    case .array(let elements):
        guard let others = foundation as? [Any], others.count == elements.count else {
            return "\(path): expected an array of \(elements.count), Foundation has \(foundation)"
        }
        for (index, element) in elements.enumerated() {
            if let found = difference(element, others[index], path: "\(path)[\(index)]") { return found }
        }
        return nil
    case .object(let object):
        guard let others = foundation as? [String: Any] else {
            return "\(path): expected an object, Foundation has \(foundation)"
        }
        guard Set(object.keys) == Set(others.keys), object.count == others.count else {
            return "\(path): keys \(object.keys.sorted()) vs \(others.keys.sorted())"
        }
        for (key, value) in object {
            if let found = difference(value, others[key]!, path: "\(path).\(key)") { return found }
        }
        return nil
    }
}

/// Whether an `NSNumber` from `JSONSerialization` stands for `true`/`false` (Booleans are
/// the only values it stores as `char`).
private func isBoolean(_ number: NSNumber) -> Bool {
    String(cString: number.objCType) == "c"
}

/// The number literals of JSON text in document order, found by a scan that skips strings.
func numberLiterals(in text: [UInt8]) -> [String] {
    var literals: [String] = []
    var index = 0
    while index < text.count {
        let byte = text[index]
        if byte == UInt8(ascii: "\"") {
            index += 1
            while index < text.count, text[index] != UInt8(ascii: "\"") {
                index += text[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            index += 1
        } else if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
            let start = index
            while index < text.count, "0123456789+-.eE".utf8.contains(text[index]) { index += 1 }
            literals.append(String(decoding: text[start..<index], as: UTF8.self))
        } else {
            index += 1
        }
    }
    return literals
}

/// The number literals held in a value, in document order.
func numberLiterals(in json: JSON) -> [String] {
    switch json {
    case .number(let number): [number.literal]
    case .array(let elements): elements.flatMap { numberLiterals(in: $0) }
    case .object(let object): object.flatMap { numberLiterals(in: $0.value) }
    default: []
    }
}

/// The error `text` fails to parse with, or `nil` when it parses.
func parseError(_ text: String) -> JSONParseError? {
    do {
        _ = try JSON.parse(text)
        return nil
    } catch {
        return error
    }
}
