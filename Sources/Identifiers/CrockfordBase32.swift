/// Crockford's base 32: digits and upper-case letters without I, L, O or U, so an id reads
/// over the phone. Case ids and authorization numbers are spelled in it.
public enum CrockfordBase32 {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// Appends the low `count × 5` bits of `value`, five bits a character: most significant
    /// first when the text must sort as the number does (a timestamp), else least first.
    public static func append(_ value: UInt64, characters count: Int, mostSignificantFirst: Bool, to text: inout [UInt8]) {
        for position in 0..<count {
            let shift = UInt64(5 * (mostSignificantFirst ? count - 1 - position : position))
            text.append(alphabet[Int((value >> shift) & 31)])
        }
    }
}
