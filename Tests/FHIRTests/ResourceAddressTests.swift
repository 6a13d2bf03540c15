import Testing

@testable import FHIR

/// `ResourceAddress(_:)` reads addresses by bytes from the end; it must split every string
/// exactly as FHIR's reference pattern does, written here the plain way (split at `/`).
@Suite struct ResourceAddressTests {
    /// The pattern read the plain way: split at every `/`, the last parts are
    /// `[Type, id]` or `[Type, id, "_history", version]`, and what precedes `/Type` is the base.
    static func reference(_ string: String) -> ResourceAddress? {
        guard !string.contains("?"), !string.contains("#") else { return nil }
        var parts = string.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var version: String?
        if parts.count >= 4, parts[parts.count - 2] == "_history" {
            version = parts.removeLast()
            parts.removeLast()
            guard ResourceAddress.isValidID(version!) else { return nil }
        }
        guard parts.count >= 2 else { return nil }
        let id = parts.removeLast(), type = parts.removeLast()
        guard ResourceAddress.isValidID(id), FHIRResourceType.isKnown(type) else { return nil }
        var baseURL: String?
        if !parts.isEmpty {
            let base = parts.joined(separator: "/")
            guard base.hasPrefix("http://") || base.hasPrefix("https://"), base.utf8.count > "https://".utf8.count else { return nil }
            baseURL = base
        }
        return ResourceAddress(baseURL: baseURL, type: type, id: id, version: version)
    }

    @Test(arguments: [
        "Patient/123", "Patient/123/_history/2", "http://example.org/fhir/Patient/123",
        "https://x.example/r4/fhir/Claim/c-1/_history/3", "Patient", "Patient/", "/Patient/1", "//Patient/1",
        "Unicorn/1", "Patient/a_b", "Patient?name=x", "Patient/1#x", "ftp://x/Patient/1", "Patient/1/_history/",
        "Patient/1/_history", "_history/Patient/1", "Patient/_history/2", "Patient/1/_history/2/", "https:///Patient/1",
        "https://a/Patient/1", "http://é.example/fhir/Patient/1", "Patient/é", "Patient/\(String(repeating: "a", count: 64))",
        "Patient/\(String(repeating: "a", count: 65))", "Observation/1.2-3/_history/v.1", "", "/", "Claim/c1/_history/x/y",
        "https://g.example/fhir/Patient/1/_history/2/_history/3",
    ])
    func readsAsThePatternSays(_ string: String) {
        #expect(ResourceAddress(string) == Self.reference(string), "\(string)")
    }

    /// Strings shaped like addresses, with every part sometimes wrong, and strings of their
    /// pieces in any order, read alike.
    @Test func generatedStringsReadAlike() {
        let bases = ["", "", "https://x.example/fhir/", "http://x/", "https:///", "ftp://x/", "/", "https://a/b/_history/"]
        let types = ["Patient", "Claim", "Patient", "Unicorn", "", "_history"]
        let ids = ["1", "c-1", "v.2", "a_b", "", "é", "_history"]
        let histories = ["", "", "/_history/2", "/_history/", "/_history/x_y", "/_history/2/_history/3", "/", "?x", "#y"]
        let pieces = ["/", "Patient", "_history", "1", "https:", "", "x.example", "a_b", "?", "é"]
        var generator = SeededGenerator(seed: 0x5EED)
        var matched = 0
        for round in 0..<20_000 {
            let string: String
            if round % 4 == 3 {
                let count = Int.random(in: 1...9, using: &generator)
                string = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            } else {
                string = bases.randomElement(using: &generator)! + types.randomElement(using: &generator)! + "/"
                    + ids.randomElement(using: &generator)! + histories.randomElement(using: &generator)!
            }
            let read = ResourceAddress(string)
            #expect(read == Self.reference(string), "\(string)")
            if read != nil { matched += 1 }
        }
        #expect(matched > 300)
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
