import Testing

@testable import PAS

@Suite struct AuthorizationNumberTests {
    @Test func twelveCrockfordCharactersFromSixtyBits() {
        #expect(AuthorizationNumber.make(random: 0) == "A000000000000")
        #expect(AuthorizationNumber.make(random: UInt64.max) == "AZZZZZZZZZZZZ")
        // Five bits a character, lowest first: 1, then 2, then 31.
        #expect(AuthorizationNumber.make(random: 1 | 2 << 5 | 31 << 10) == "A12Z000000000")
    }

    @Test func numbersAreRandomAndReadable() {
        let numbers = (0..<200).map { _ in AuthorizationNumber.make() }
        #expect(Set(numbers).count == numbers.count)
        for number in numbers {
            #expect(number.count == 13 && number.first == "A")
            #expect(number.dropFirst().allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
        }
        // Every character position varies (all 60 bits are used).
        for position in 1..<13 {
            let characters = Set(numbers.map { Array($0)[position] })
            #expect(characters.count > 8, "position \(position)")
        }
    }
}
