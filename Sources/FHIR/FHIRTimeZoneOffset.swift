import Foundation

/// The UTC offset written on a FHIR time: `Z`, `+05:30`, `-05:00`.
///
/// Kept as written so a value reads back exactly as it came (`-00:00` stays `-00:00`,
/// `+00:00` is not turned into `Z`). FHIR R4 allows offsets up to 14 hours either way.
public struct FHIRTimeZoneOffset: Sendable, Hashable, CustomStringConvertible {
    /// Seconds east of UTC (always a whole number of minutes).
    public let seconds: Int
    private let style: Style

    private enum Style: Sendable, Hashable {
        case zulu, plus, minus
    }

    /// `Z`.
    public static let utc = FHIRTimeZoneOffset(seconds: 0, style: .zulu)

    private init(seconds: Int, style: Style) {
        self.seconds = seconds
        self.style = style
    }

    /// An offset of whole minutes east of UTC; `Z` for zero. `nil` beyond FHIR's range.
    public init?(seconds: Int) {
        guard seconds % 60 == 0, abs(seconds) <= 14 * 3600 else { return nil }
        self.init(seconds: seconds, style: seconds == 0 ? .zulu : (seconds > 0 ? .plus : .minus))
    }

    /// Reads `Z` or `±hh:mm` with hours 00-13 (any minutes) or exactly 14:00, per the R4 grammar.
    init?(parsing text: Substring) {
        if text == "Z" {
            self = .utc
            return
        }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[3] == UInt8(ascii: ":"),
            bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            let hours = DateText.number(bytes[1...2]), let minutes = DateText.number(bytes[4...5]),
            (hours <= 13 && minutes <= 59) || (hours == 14 && minutes == 0)
        else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        let negative = bytes[0] == UInt8(ascii: "-")
        self.init(seconds: negative ? -magnitude : magnitude, style: negative ? .minus : .plus)
    }

    /// A fixed-offset time zone with this offset.
    public var timeZone: TimeZone {
        TimeZone(secondsFromGMT: seconds) ?? .gmt
    }

    public var description: String {
        guard style != .zulu else { return "Z" }
        let magnitude = abs(seconds)
        return (style == .minus ? "-" : "+") + DateText.pad(magnitude / 3600, 2) + ":" + DateText.pad(magnitude % 3600 / 60, 2)
    }
}

/// Small text helpers shared by the FHIR date types.
enum DateText {
    /// The value of ASCII digits, or `nil` if any byte is not a digit.
    static func number(_ digits: some Collection<UInt8>) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `value` in decimal, zero-padded to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
