import FHIR
import Foundation
import Testing

@Suite("Searchset Bundles")
struct BundleSearchsetTests {
    static func claims(_ range: Range<Int>) -> [JSON] {
        range.map { JSON.resource(type: "Claim", id: "c\($0)") }
    }

    static func searchset(offset: Int, count: Int, total: Int?, resources: [JSON], included: [JSON] = []) -> FHIRBundle {
        .searchset(
            baseURL: "https://g.example/fhir/", resourceType: "Claim",
            queryItems: [
                URLQueryItem(name: "patient", value: "Patient/p1"),
                URLQueryItem(name: "created", value: "ge2026-01-01T00:00:00+05:00"),
                URLQueryItem(name: "_count", value: "999"),
            ],
            offset: offset, count: count, total: total, resources: resources, included: included)
    }

    static func url(offset: Int, count: Int) -> String {
        "https://g.example/fhir/Claim?patient=Patient/p1&created=ge2026-01-01T00:00:00%2B05:00&_offset=\(offset)&_count=\(count)"
    }

    @Test func middlePage() {
        let bundle = Self.searchset(offset: 20, count: 10, total: 45, resources: Self.claims(20..<30))
        #expect(bundle.type == .searchset)
        #expect(bundle.total == 45)
        #expect(bundle.links.map(\.relation) == ["self", "first", "previous", "next", "last"])
        #expect(bundle.link("self") == Self.url(offset: 20, count: 10))
        #expect(bundle.link("first") == Self.url(offset: 0, count: 10))
        #expect(bundle.link("previous") == Self.url(offset: 10, count: 10))
        #expect(bundle.link("next") == Self.url(offset: 30, count: 10))
        #expect(bundle.link("last") == Self.url(offset: 40, count: 10))
        #expect(bundle.json.object?.keys == ["resourceType", "type", "total", "link", "entry"])
    }

    @Test func firstAndLastPages() {
        let first = Self.searchset(offset: 0, count: 10, total: 25, resources: Self.claims(0..<10))
        #expect(first.links.map(\.relation) == ["self", "first", "next", "last"])
        #expect(first.link("last") == Self.url(offset: 20, count: 10))

        let last = Self.searchset(offset: 20, count: 10, total: 25, resources: Self.claims(20..<25))
        #expect(last.links.map(\.relation) == ["self", "first", "previous", "last"])

        let exact = Self.searchset(offset: 10, count: 10, total: 20, resources: Self.claims(10..<20))
        #expect(exact.link("next") == nil)
        #expect(exact.link("last") == Self.url(offset: 10, count: 10))

        let ragged = Self.searchset(offset: 5, count: 10, total: 30, resources: Self.claims(5..<15))
        #expect(ragged.link("previous") == Self.url(offset: 0, count: 10))
    }

    @Test func emptyAndUncountedResults() {
        let empty = Self.searchset(offset: 0, count: 10, total: 0, resources: [])
        #expect(empty.links.map(\.relation) == ["self", "first", "last"])
        #expect(empty.total == 0)
        #expect(empty.entries.isEmpty)
        #expect(empty.json["entry"] == nil)

        let uncountedFull = Self.searchset(offset: 0, count: 2, total: nil, resources: Self.claims(0..<2))
        #expect(uncountedFull.links.map(\.relation) == ["self", "first", "next"])
        #expect(uncountedFull.json["total"] == nil)
        let uncountedShort = Self.searchset(offset: 2, count: 2, total: nil, resources: Self.claims(2..<3))
        #expect(uncountedShort.links.map(\.relation) == ["self", "first", "previous"])

        let countOnly = Self.searchset(offset: 0, count: 0, total: 7, resources: [])
        #expect(countOnly.links.map(\.relation) == ["self"])
    }

    @Test func entriesCarrySearchModeAndFullUrl() {
        let bundle = Self.searchset(
            offset: 0, count: 10, total: 1, resources: Self.claims(0..<1),
            included: [JSON.resource(type: "Patient", id: "p1")])
        let entries = bundle.entries
        #expect(entries.map(\.fullUrl) == ["https://g.example/fhir/Claim/c0", "https://g.example/fhir/Patient/p1"])
        #expect(entries.map { $0.search?.mode } == [.match, .include])
        #expect(entries[0].json["search"] == ["mode": "match"])
        #expect(bundle.resolve(reference: "Patient/p1", from: entries[0])?.id == "p1")
    }

    @Test func queryValuesArePercentEncoded() {
        let bundle = FHIRBundle.searchset(
            baseURL: "https://g.example/fhir", resourceType: nil,
            queryItems: [URLQueryItem(name: "name", value: "Zoë & co=1 #x"), URLQueryItem(name: "_summary", value: nil)],
            offset: 0, count: 5, total: 1, resources: [])
        #expect(bundle.link("self") == "https://g.example/fhir?name=Zo%C3%AB%20%26%20co%3D1%20%23x&_summary&_offset=0&_count=5")
    }
}
