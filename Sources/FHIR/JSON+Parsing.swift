import Foundation

extension JSON {
    /// Parses UTF-8 JSON text (an `Array`, `Data`, a buffer pointer, a NIO byte view …).
    ///
    /// Strict RFC 8259 with FHIR's rule against repeated keys; see ``JSONParseError`` for
    /// what a failure tells the caller.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSON {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSON in
                var parser = JSONParser(buffer)
                return try parser.parseDocument()
            }
        }
        if let result { return try result.get() }
        return try parse(Array(bytes))  // Arrays always have contiguous storage.
    }

    /// Parses JSON text held in a `String`.
    public static func parse(_ string: String) throws(JSONParseError) -> JSON {
        try parse(string.utf8)
    }

    /// Parses UTF-8 JSON text held in `Data`.
    public static func parse(data: Data) throws(JSONParseError) -> JSON {
        try parse(data)
    }
}
