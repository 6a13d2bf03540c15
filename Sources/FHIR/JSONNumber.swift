import Foundation

/// A JSON number that keeps the exact text it was written with.
///
/// FHIR `decimal` values carry their precision in how they are written: `1.50` says two
/// decimal places, `1.5` says one. Converting to `Double` (as `JSONSerialization` does)
/// loses that and also rounds large integers, so Greenlight keeps the literal and converts
/// only when a caller asks for a value.
///
/// Equality compares the literal: `1.50` and `1.5` are different numbers here, as they are
/// different FHIR decimals.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written in JSON (`1.50`, `-0`, `1E+2`).
    public let literal: String

    /// A number from validated JSON text, or `nil` when `literal` is not an RFC 8259 number.
    public init?(literal: String) {
        guard Self.isValidLiteral(literal.utf8) else { return nil }
        self.literal = literal
    }

    /// Wraps text the parser has already checked against the number grammar.
    init(uncheckedLiteral literal: String) {
        self.literal = literal
    }

    public init(_ value: Int) {
        self.literal = String(value)
    }

    /// The shortest text that reads back as the same `Double` (`0.1`, `5.0`, `1e-05`).
    ///
    /// - Precondition: `value` is finite; JSON has no NaN or infinity.
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON cannot represent \(value)")
        self.literal = value.description
    }

    /// - Precondition: `value` is not `Decimal.nan`; JSON has no NaN.
    public init(_ value: Decimal) {
        precondition(!value.isNaN, "JSON cannot represent Decimal.nan")
        self.literal = value.description
    }

    /// The value as a `Decimal`: exact up to 38 significant digits (longer literals are
    /// rounded), `nil` when the exponent is beyond `Decimal`'s range (about ±128).
    public var decimal: Decimal? {
        guard let value = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN else {
            return nil
        }
        return value
    }

    /// The value as an `Int` when it is a whole number that fits (`80`, `-0`, `8.0`, `1e3`), else `nil`.
    public var int: Int? {
        if let value = Int(literal) { return value }
        let isPlainInteger = !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
        if isPlainInteger { return nil }  // Too large for Int.
        guard let decimal, decimal == decimal.rounded(scale: 0) else { return nil }
        return Int(decimal.description)  // A whole Decimal prints without a point or exponent.
    }

    /// The nearest `Double` (infinite when the literal is beyond `Double`'s range).
    public var double: Double {
        Double(literal) ?? .nan  // Unreachable: every valid literal reads as a Double.
    }

    public var description: String { literal }

    /// RFC 8259: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    static func isValidLiteral(_ bytes: some Collection<UInt8>) -> Bool {
        var index = bytes.startIndex
        func peek() -> UInt8? { index < bytes.endIndex ? bytes[index] : nil }
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        func skipDigits() -> Int {
            var count = 0
            while isDigit(peek()) {
                bytes.formIndex(after: &index)
                count += 1
            }
            return count
        }
        if peek() == UInt8(ascii: "-") { bytes.formIndex(after: &index) }
        if peek() == UInt8(ascii: "0") {
            bytes.formIndex(after: &index)
        } else if skipDigits() == 0 {
            return false
        }
        if peek() == UInt8(ascii: ".") {
            bytes.formIndex(after: &index)
            guard skipDigits() > 0 else { return false }
        }
        if let byte = peek(), byte | 0x20 == UInt8(ascii: "e") {
            bytes.formIndex(after: &index)
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { bytes.formIndex(after: &index) }
            guard skipDigits() > 0 else { return false }
        }
        return index == bytes.endIndex
    }
}

extension Decimal {
    /// `self` rounded to `scale` decimal places, half away from zero.
    fileprivate func rounded(scale: Int) -> Decimal {
        var input = self
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }
}
