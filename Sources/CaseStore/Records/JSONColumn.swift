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
    /// A decision's basis is kilobytes of JSON text full of quotes, so this is two tight passes
    /// over the bytes: one sizes the result, one writes it in place.
    static func appendQuoted(_ string: String, to text: inout String) {
        var string = string
        string.withUTF8 { bytes in
            var size = 2
            for byte in bytes { size += escapedLength(byte) }
            text += String(unsafeUninitializedCapacity: size) { output in
                var index = 0
                func put(_ byte: UInt8) {
                    output[index] = byte
                    index += 1
                }
                put(UInt8(ascii: "\""))
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(UInt8(ascii: "\\")); put(byte)
                    case 0x0A: put(UInt8(ascii: "\\")); put(UInt8(ascii: "n"))
                    case 0x0D: put(UInt8(ascii: "\\")); put(UInt8(ascii: "r"))
                    case 0x09: put(UInt8(ascii: "\\")); put(UInt8(ascii: "t"))
                    case 0x08: put(UInt8(ascii: "\\")); put(UInt8(ascii: "b"))
                    case 0x0C: put(UInt8(ascii: "\\")); put(UInt8(ascii: "f"))
                    case ..<0x20:
                        for digit in "\\u00".utf8 { put(digit) }
                        put(hexDigits[Int(byte >> 4)])
                        put(hexDigits[Int(byte & 0x0F)])
                    default: put(byte)
                    }
                }
                put(UInt8(ascii: "\""))
                return index
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// How many bytes `byte` takes inside a JSON string.
    private static func escapedLength(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09, 0x08, 0x0C: 2
        case ..<0x20: 6
        default: 1
        }
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
