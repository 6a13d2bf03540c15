import Foundation

/// Case ids: `GL-` and a ULID (48 bits of milliseconds, 80 random bits, Crockford base 32).
///
/// Readable over the phone (no I, L, O or U), sortable by creation time, and unguessable
/// enough that one case's id says nothing about another's.
enum CaseIdentifier {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func make(at date: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: date, using: &generator)
    }

    static func make(at date: Date, using generator: inout some RandomNumberGenerator) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        var characters: [Character] = []
        characters.reserveCapacity(26)
        // 10 characters of time (50 bits, the top 2 always zero) …
        for shift in stride(from: 45, through: 0, by: -5) {
            characters.append(alphabet[Int((milliseconds >> UInt64(shift)) & 31)])
        }
        // … and 16 characters of randomness (80 bits).
        for _ in 0..<16 {
            characters.append(alphabet[Int(generator.next(upperBound: UInt8(32)))])
        }
        return "GL-" + String(characters)
    }
}
