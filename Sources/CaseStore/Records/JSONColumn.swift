import Foundation

/// Lists and small structures stored as JSON text in one column: read and written whole,
/// never queried into. Keys sorted so equal values are equal text.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A list of strings, written directly: hook calls store two on every call, and the
    /// encoder cost more than the insert. The same text `JSONEncoder` writes.
    static func encode(_ strings: [String]) -> String {
        var text = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { text += "," }
            appendQuoted(string, to: &text)
        }
        return text + "]"
    }

    /// `string` as a JSON string, escaped as `JSONEncoder` escapes it (slashes left alone).
    /// Runs that need no escaping are copied whole: a decision's basis is kilobytes long.
    static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        let utf8 = string.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                utf8.formIndex(after: &index)
                continue
            }
            text += String(decoding: utf8[runStart..<index], as: UTF8.self)
            switch byte {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x08: text += "\\b"
            case 0x0C: text += "\\f"
            default: text += "\\u00" + String(byte, radix: 16).leftPadded(to: 2)
            }
            utf8.formIndex(after: &index)
            runStart = index
        }
        text += String(decoding: utf8[runStart..<index], as: UTF8.self)
        text += "\""
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

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
