import Foundation
import Testing

@testable import Auth

/// The in-memory first check for CDS Hooks JWT ids.
@Suite struct RecentTokenIDsTests {
    @Test func anIdIsAcceptedOncePerIssuer() {
        let recent = RecentTokenIDs()
        #expect(recent.insert("a", issuer: "ehr-1"))
        #expect(!recent.insert("a", issuer: "ehr-1"))
        #expect(recent.insert("a", issuer: "ehr-2"))
        #expect(recent.insert("b", issuer: "ehr-1"))
    }

    /// Bounded by count: the oldest ids are forgotten first (the store still refuses them).
    @Test func theOldestAreForgottenBeyondCapacity() {
        let recent = RecentTokenIDs(capacity: 3)
        for id in ["1", "2", "3", "4"] { #expect(recent.insert(id, issuer: "ehr")) }
        #expect(recent.insert("1", issuer: "ehr"))
        #expect(!recent.insert("4", issuer: "ehr"))
        for id in 5..<3000 { #expect(recent.insert("\(id)", issuer: "ehr")) }
        #expect(!recent.insert("2999", issuer: "ehr"))
    }

    /// Bounded by time: an id older than the window is forgotten.
    @Test func idsOlderThanTheWindowAreForgotten() async throws {
        let recent = RecentTokenIDs(window: .milliseconds(50))
        #expect(recent.insert("a", issuer: "ehr"))
        #expect(!recent.insert("a", issuer: "ehr"))
        try await Task.sleep(for: .milliseconds(120))
        #expect(recent.insert("a", issuer: "ehr"))
    }
}
