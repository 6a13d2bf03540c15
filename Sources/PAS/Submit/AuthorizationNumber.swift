import Identifiers

/// Authorization numbers (`preAuthRef`): `A` and 12 Crockford base-32 characters, random, so a
/// number says nothing about any other and reads over the phone without I, L, O or U.
enum AuthorizationNumber {
    static func make() -> String {
        make(random: RandomIdentifier.next())
    }

    /// The number spelled by the low 60 bits of `random`, five bits a character.
    static func make(random: UInt64) -> String {
        var characters: [UInt8] = [UInt8(ascii: "A")]
        characters.reserveCapacity(13)
        CrockfordBase32.append(random, characters: 12, mostSignificantFirst: false, to: &characters)
        return String(decoding: characters, as: UTF8.self)
    }
}
