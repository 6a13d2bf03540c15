import Foundation
import Testing

@testable import CaseStore

/// How a case's status follows from its items' review actions.
struct CaseStatusTests {
    @Test(
        arguments: [
            ([nil, nil], CaseStatus.received),
            ([.certified, .certified], .approved),
            ([.certified, .noActionRequired], .approved),
            ([.certified, .pended], .pended),
            ([.notCertified, .pended], .pended),
            ([.certified, nil], .pended),
            ([.certified, .contactPayer], .pended),
            ([.notCertified, .notCertified], .denied),
            ([.certified, .notCertified], .partiallyApproved),
            ([.partiallyCertified], .partiallyApproved),
            ([.modified], .partiallyApproved),
            ([.cancelled, .cancelled], .cancelled),
            ([.cancelled, .certified], .approved),
            ([.cancelled, .notCertified], .denied),
            ([.cancelled, nil], .received),
        ] as [([ReviewAction?], CaseStatus)]
    )
    func rollUp(actions: [ReviewAction?], expected: CaseStatus) {
        #expect(CaseStatus.rollUp(actions) == expected)
    }

    @Test func onlyPendedAndContactPayerLeaveTheClockRunning() {
        let running = ReviewAction.allCases.filter { !$0.isFinalDecision }
        #expect(Set(running) == [.pended, .contactPayer])
    }

    @Test func denialsPartialsAndModificationsNeedReasons() {
        let needReasons = ReviewAction.allCases.filter(\.deniesSomething)
        #expect(Set(needReasons) == [.notCertified, .partiallyCertified, .modified])
    }

    @Test func caseIdentifiersAreReadableAndTimeOrdered() {
        let early = CaseIdentifier.make(at: Dates.mondayMorning)
        let late = CaseIdentifier.make(at: Dates.mondayMorning.addingTimeInterval(1))
        #expect(early.hasPrefix("GL-"))
        #expect(early.count == 3 + 26)
        #expect(early.dropFirst(3).allSatisfy { !"ILOU".contains($0) })
        #expect(early < late)
        #expect(CaseIdentifier.make(at: Dates.mondayMorning) != early)
        // Each of the 16 random characters varies, and between them they use the alphabet.
        let random = (0..<64).map { _ in Array(CaseIdentifier.make(at: Dates.mondayMorning).suffix(16)) }
        for position in 0..<16 { #expect(Set(random.map { $0[position] }).count > 8, "position \(position)") }
        #expect(Set(random.joined()).count == 32)
    }

    /// The exact spelling: time most significant first, then the two draws least first.
    @Test func caseIdentifiersSpellTimeThenDraws() {
        struct Draws: RandomNumberGenerator {
            var values: [UInt64] = [0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210]
            mutating func next() -> UInt64 { values.removeFirst() }
        }
        var draws = Draws()
        let received = Date(timeIntervalSince1970: 1_795_400_000)
        #expect(CaseIdentifier.make(at: received, using: &draws) == "GL-01M832VRG0FFKQT4YC5T82GGC8")
    }
}
