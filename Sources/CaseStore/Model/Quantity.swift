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
    public var hasValidValue: Bool {
        value.wholeMatch(of: /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/) != nil
    }
}
