import FHIR
import Foundation
import Testing

/// Every official example from the Da Vinci guides survives parse → serialize → parse
/// unchanged, agrees with Foundation's reading, and keeps every number literal verbatim.
@Suite("Official examples round-trip")
struct ExampleRoundTripTests {
    @Test func theExamplesAreThere() {
        #expect(Fixtures.exampleFiles.count >= 62, "found \(Fixtures.exampleFiles.count) under \(Fixtures.examples.path)")
    }

    @Test(arguments: Fixtures.exampleFiles)
    func roundTrips(_ file: String) throws {
        let data = try Fixtures.data(file)
        let original = try JSON.parse(data: data)

        let compact = original.serialized()
        let pretty = original.serialized(pretty: true)
        #expect(try JSON.parse(compact) == original)
        #expect(try JSON.parse(pretty) == original)
        // Serializing again gives the same bytes: order and literals are stable.
        #expect(try JSON.parse(compact).serialized() == compact)

        let foundation = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let reparsed = try JSON.parse(compact)
        let found = difference(reparsed, foundation)
        #expect(found == nil, "\(found ?? "")")

        let literals = numberLiterals(in: Array(data))
        #expect(numberLiterals(in: original) == literals)
        #expect(numberLiterals(in: compact) == literals)
        #expect(numberLiterals(in: pretty) == literals)
    }

    @Test func theLargestExampleIsAmongThem() throws {
        // The Inferno package bundle (over 500 kB) is the stress case; its speed is measured in
        // the JSON benchmark (`make bench`), not asserted here.
        let largest = try Fixtures.exampleFiles.map { try Fixtures.data($0).count }.max() ?? 0
        #expect(largest > 500_000)
    }
}
