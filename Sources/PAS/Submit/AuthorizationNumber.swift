import Identifiers

/// Authorization numbers (`preAuthRef`): `A` and 12 Crockford base-32 characters, random, so a
/// number says nothing about any other and reads over the phone without I, L, O or U.
enum AuthorizationNumber {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    static func make() -> String {
        make(random: RandomIdentifier.next())
    }

    /// The number spelled by the low 60 bits of `random`, five bits a character.
    static func make(random: UInt64) -> String {
        var bits = random
        var characters: [UInt8] = [UInt8(ascii: "A")]
        characters.reserveCapacity(13)
        for _ in 0..<12 {
            characters.append(alphabet[Int(bits & 31)])
            bits >>= 5
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
