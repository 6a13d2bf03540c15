/// Authorization numbers (`preAuthRef`): `A` and 12 Crockford base-32 characters, random, so a
/// number says nothing about any other and reads over the phone without I, L, O or U.
enum AuthorizationNumber {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return "A" + String((0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt8(32)))] })
    }
}
