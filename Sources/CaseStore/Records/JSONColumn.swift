import Foundation

/// Lists and small structures stored as JSON text in one column: read and written whole,
/// never queried into. Keys sorted so equal values are equal text.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// - Parameter row: names the row in the error, e.g. "client c1".
    static func decode<T: Decodable>(_ text: String, row: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw CaseStoreError(.storageFailure, "\(row) holds unreadable JSON: \(error)")
        }
    }
}
