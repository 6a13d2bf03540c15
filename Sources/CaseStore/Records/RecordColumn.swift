import Foundation

/// Typed reads of single columns for records that decode rows by hand (see
/// ``CaseItemRecord/init(row:)``): a value the schema's CHECKs should have kept out is a
/// storage failure naming the column, never a crash.
enum RecordColumn {
    static func decode<Value: RawRepresentable>(_ type: Value.Type, _ raw: String?, column: String) throws -> Value
    where Value.RawValue == String {
        guard let raw, let value = Value(rawValue: raw) else {
            throw CaseStoreError(.storageFailure, "\(column) holds \(raw.map { "\"\($0)\"" } ?? "NULL"), which is not a \(Value.self)")
        }
        return value
    }

    /// A JSON array of strings (as ``JSONColumn/encode(_:)-([String])`` writes it); the empty
    /// list, by far the most common, without a decoder.
    static func stringList(_ text: String?, column: String) throws -> [String] {
        guard let text else { throw CaseStoreError(.storageFailure, "\(column) is NULL") }
        if text == "[]" { return [] }
        return try JSONColumn.decode(text, row: column)
    }
}
