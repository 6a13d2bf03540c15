import Testing

@testable import Identifiers

@Suite struct CrockfordBase32Tests {
    @Test func fiveBitsACharacterInEitherOrder() {
        var text: [UInt8] = []
        CrockfordBase32.append(1 | 2 << 5 | 31 << 10, characters: 4, mostSignificantFirst: false, to: &text)
        #expect(String(decoding: text, as: UTF8.self) == "12Z0")
        text = []
        CrockfordBase32.append(1 | 2 << 5 | 31 << 10, characters: 4, mostSignificantFirst: true, to: &text)
        #expect(String(decoding: text, as: UTF8.self) == "0Z21")
        // Bits above count × 5 are not spelled.
        text = []
        CrockfordBase32.append(.max, characters: 2, mostSignificantFirst: true, to: &text)
        #expect(String(decoding: text, as: UTF8.self) == "ZZ")
        #expect(CrockfordBase32.alphabet.count == 32 && !CrockfordBase32.alphabet.contains { "ILOU".utf8.contains($0) })
    }
}
