/// A quantity with its decimal value kept as written.
///
/// FHIR decimals carry precision in their digits ("1.50" is not "1.5"), and a `Double` would
/// round them, so the value stays text end to end and is only checked to be a decimal.
public struct Quantity: Sendable, Hashable, Codable, CustomStringConvertible {
    public var value: String
    public var unit: String?

    public init(value: String, unit: String? = nil) {
        self.value = value
        self.unit = unit
    }

    public var description: String { unit.map { "\(value) \($0)" } ?? value }

    /// Whether ``value`` is a decimal the way FHIR writes one (`-?digits(.digits)?`, exponent allowed).
    ///
    /// The grammar is `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, checked byte by byte: a
    /// regex literal is compiled on every use, which cost more than the rest of an intake.
    public var hasValidValue: Bool {
        var bytes = value.utf8[...]
        func digits(_ bytes: inout Substring.UTF8View) -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let leadingZero = bytes.first == UInt8(ascii: "0")
        let whole = digits(&bytes)
        guard whole > 0, !leadingZero || whole == 1 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits(&bytes) > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
