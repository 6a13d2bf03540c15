import Foundation
import Identifiers

/// Case ids: `GL-` and a ULID (48 bits of milliseconds, 80 random bits, Crockford base 32).
///
/// Readable over the phone (no I, L, O or U), sortable by creation time, and unguessable
/// enough that one case's id says nothing about another's.
enum CaseIdentifier {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func make(at date: Date) -> String {
        var generator = PooledRandomGenerator()
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
        // … and 16 characters of randomness (80 bits), from two 64-bit draws.
        let high: UInt64 = generator.next(), low: UInt64 = generator.next()
        for shift in stride(from: 0, to: 60, by: 5) {
            characters.append(alphabet[Int((high >> UInt64(shift)) & 31)])
        }
        for shift in stride(from: 0, to: 20, by: 5) {
            characters.append(alphabet[Int((low >> UInt64(shift)) & 31)])
        }
        return "GL-" + String(characters)
    }
}
