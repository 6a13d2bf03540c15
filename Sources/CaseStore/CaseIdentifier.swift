import Foundation
import Identifiers

/// Case ids: `GL-` and a ULID (48 bits of milliseconds, 80 random bits, Crockford base 32).
///
/// Readable over the phone (no I, L, O or U), sortable by creation time, and unguessable
/// enough that one case's id says nothing about another's.
enum CaseIdentifier {
    static func make(at date: Date) -> String {
        var generator = PooledRandomGenerator()
        return make(at: date, using: &generator)
    }

    static func make(at date: Date, using generator: inout some RandomNumberGenerator) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        var characters: [UInt8] = Array("GL-".utf8)
        characters.reserveCapacity(29)
        // 10 characters of time (50 bits, the top 2 always zero), sorting as the time does …
        CrockfordBase32.append(milliseconds, characters: 10, mostSignificantFirst: true, to: &characters)
        // … and 16 characters of randomness (80 bits), from two 64-bit draws.
        let high: UInt64 = generator.next(), low: UInt64 = generator.next()
        CrockfordBase32.append(high, characters: 12, mostSignificantFirst: false, to: &characters)
        CrockfordBase32.append(low, characters: 4, mostSignificantFirst: false, to: &characters)
        return String(decoding: characters, as: UTF8.self)
    }
}
