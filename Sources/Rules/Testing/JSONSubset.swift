import FHIR
import Foundation

/// The comparison `greenlight rules test` makes: every key in `expected` must be in `actual`
/// with an equal value, recursively for objects; arrays compare whole; numbers by value (a
/// Lua `5.0` equals an expected `5`). An expected `null` means the key must be absent (a Lua
/// table cannot hold nil, so a result never has a `null` member).
enum JSONSubset {
    static func mismatches(expected: JSON, actual: JSON?, path: String = "") -> [String] {
        let here = path.isEmpty ? "(result)" : path
        if expected.isNull, !path.isEmpty {
            return actual.map { ["\(here): expected no value, got \($0)"] } ?? []
        }
        guard let actual else {
            return ["\(here): expected \(expected), got nothing"]
        }
        if case .object(let expectedMembers) = expected {
            guard case .object(let actualMembers) = actual else {
                return ["\(here): expected an object \(expected), got \(actual)"]
            }
            return expectedMembers.flatMap { key, value in
                mismatches(expected: value, actual: actualMembers[key], path: path.isEmpty ? key : "\(path).\(key)")
            }
        }
        return equal(expected, actual) ? [] : ["\(here): expected \(expected), got \(actual)"]
    }

    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            if x == y { return true }
            guard let dx = x.decimal, let dy = y.decimal else { return x.double == y.double }
            return dx == dy
        case (.array(let xs), .array(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { equal($0, $1) }
        case (.object(let xs), .object(let ys)):
            return xs.count == ys.count && xs.allSatisfy { key, value in ys[key].map { equal(value, $0) } ?? false }
        default:
            return a == b
        }
    }
}
