import Foundation

extension JSON {
    /// The UTF-8 JSON text of this value.
    ///
    /// Numbers are written from their literal, object members in their order. Strings escape
    /// only what RFC 8259 requires (`"`, `\`, control characters); `/` and non-ASCII text are
    /// written as they are. `pretty` indents by two spaces per level, one member per line.
    public func serialized(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self)
        return writer.output
    }

    /// The JSON text as a `String`.
    public func serializedString(pretty: Bool = false) -> String {
        String(decoding: serialized(pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 JSON text as `Data`.
    public func serializedData(pretty: Bool = false) -> Data {
        Data(serialized(pretty: pretty))
    }
}

/// Builds JSON text into one growing byte buffer.
struct JSONWriter {
    let pretty: Bool
    private(set) var output: [UInt8] = []
    private var indentation = 0

    init(pretty: Bool) {
        self.pretty = pretty
        output.reserveCapacity(4096)
    }

    mutating func write(_ value: JSON) {
        switch value {
        case .null: append("null")
        case .bool(let bool): append(bool ? "true" : "false")
        case .number(let number): output.append(contentsOf: number.literal.utf8)
        case .string(let string): writeString(string)
        case .array(let elements): writeArray(elements)
        case .object(let object): writeObject(object)
        }
    }

    private mutating func writeArray(_ elements: [JSON]) {
        guard !elements.isEmpty else { return append("[]") }
        output.append(UInt8(ascii: "["))
        indentation += 1
        elements.withUnsafeBufferPointer { elements in
            for offset in elements.indices {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                newline()
                write(elements[offset])
            }
        }
        indentation -= 1
        newline()
        output.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: JSONObject) {
        guard !object.isEmpty else { return append("{}") }
        output.append(UInt8(ascii: "{"))
        indentation += 1
        object.withMembers { members in
            for offset in members.indices {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                newline()
                writeString(members[offset].key)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(members[offset].value)
            }
        }
        indentation -= 1
        newline()
        output.append(UInt8(ascii: "}"))
    }

    private mutating func newline() {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indentation * 2))
    }

    private mutating func writeString(_ string: String) {
        output.append(UInt8(ascii: "\""))
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { writeEscaped($0) }
        if written == nil { writeEscaped(Array(string.utf8)) }
        output.append(UInt8(ascii: "\""))
    }

    /// Copies runs that need no escaping in one piece.
    private mutating func writeEscaped(_ bytes: some Collection<UInt8>) {
        var runStart = bytes.startIndex
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                bytes.formIndex(after: &index)
                continue
            }
            output.append(contentsOf: bytes[runStart..<index])
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            default:
                append("\\u00")
                let digits: [UInt8] = Array("0123456789abcdef".utf8)
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
            bytes.formIndex(after: &index)
            runStart = index
        }
        output.append(contentsOf: bytes[runStart..<index])
    }

    private mutating func append(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
