import Testing

@testable import Rules

/// A service's key: surrounding whitespace (of any script) never matters, the two HCPCS
/// system spellings are one system, and everything else is kept exactly.
@Suite struct RuleServiceTests {
    @Test(arguments: [
        ("http://www.ama-assn.org/go/cpt", "72148", "http://www.ama-assn.org/go/cpt|72148"),
        (" http://www.ama-assn.org/go/cpt\t", "\n72148 ", "http://www.ama-assn.org/go/cpt|72148"),
        ("\u{00A0}http://www.ama-assn.org/go/cpt", "72148\u{3000}", "http://www.ama-assn.org/go/cpt|72148"),
        ("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "E0601", "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets|E0601"),
        ("s", "a b", "s|a b"),
        ("", "", "|"),
        ("é", "ü", "é|ü"),
    ])
    func keys(system: String, code: String, key: String) {
        #expect(RuleService(system: system, code: code).key == key)
    }
}
