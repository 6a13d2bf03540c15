/// Percent-encoding for values placed into prefetch queries, so a context value can never
/// change the query's shape: in a search value `&`, `=`, `,`, `|`, `+`, `#` and spaces all
/// mean something to the FHIR server, and in the path `?` and `#` would end it, so everything
/// but RFC 3986's unreserved characters is escaped. `/` and `:` stay, so a reference fills a
/// path (`Organization/pharm1`) or a reference parameter (`patient=Patient/123`) readably.
extension PrefetchQuery {
    static func percentEncoded(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            if isUnreserved(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + hex(byte >> 4) + hex(byte & 0x0F)
            }
        }
        return encoded
    }

    /// RFC 3986 unreserved: letters, digits, `-`, `.`, `_`, `~`.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~")
    }

    private static func hex(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10))
    }
}
