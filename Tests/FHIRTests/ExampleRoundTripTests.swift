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

    @Test func theLargestExampleParsesQuickly() throws {
        let file = try #require(
            Fixtures.exampleFiles.max { try! Fixtures.data($0).count < Fixtures.data($1).count })
        let data = try Fixtures.data(file)
        #expect(data.count > 500_000)
        let clock = ContinuousClock()
        var json = JSON.null
        let parsing = try clock.measure { json = try JSON.parse(data: data) }
        let writing = clock.measure { _ = json.serialized(pretty: true) }
        // Generous bounds for unoptimized builds on a busy machine; typical is a few tens of ms.
        #expect(parsing < .seconds(2), "parsing took \(parsing)")
        #expect(writing < .seconds(2), "writing took \(writing)")
    }
}
