import Foundation
import Testing

@testable import CaseStore

/// A case store on a real SQLite file in a fresh temporary folder, with a clock the test moves.
struct TestStore {
    let directory: URL
    let path: String
    let time: ManualTimeSource
    let settings: CaseStoreSettings
    let store: SQLiteCaseStore

    init(at start: Date = Dates.mondayMorning, settings: CaseStoreSettings = .init()) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("casestore-tests-\(UUID().uuidString)")
        // A nested folder that does not exist yet: opening the store must create it.
        path = directory.appendingPathComponent("data/greenlight.sqlite").path
        time = ManualTimeSource(start)
        self.settings = settings
        store = try SQLiteCaseStore(path: path, timeSource: time, settings: settings)
    }

    /// A second store on the same file, as after a restart.
    func reopen() throws -> SQLiteCaseStore {
        try SQLiteCaseStore(path: path, timeSource: time, settings: settings)
    }

    func removeFiles() {
        try? store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

enum Dates {
    /// Parses an ISO 8601 time with its offset, e.g. `2026-03-05T10:00:00-05:00`.
    static func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
        return date
    }

    /// A Monday in April 2026: no daylight-saving change within the following three weeks.
    static let mondayMorning = at("2026-04-06T10:00:00-04:00")

    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 24 * hour
}

enum Fixtures {
    static func intake(
        submitter: String = "org-clinic-1",
        identifier: String = "req-0001",
        urgency: Urgency = .standard,
        items: Int = 1,
        memberID: String = "M1001"
    ) -> CaseIntake {
        CaseIntake(
            submitter: submitter,
            requestIdentifier: RequestIdentifier(system: "urn:ietf:rfc:3986", value: identifier),
            memberID: memberID,
            providerNPI: "1234567893",
            insurerID: "payer-1",
            urgency: urgency,
            coverageAssertionID: "ctx-\(identifier)",
            requestJSON: #"{"resourceType":"Bundle","identifier":{"value":"\#(identifier)"}}"#,
            items: (1...items).map { sequence in
                CaseIntake.Item(
                    sequence: sequence,
                    service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: "7214\(sequence)"),
                    quantity: Quantity(value: "1.50", unit: "visits"),
                    servicePeriod: ServicePeriod(start: "2026-04-20", end: "2026-05-20")
                )
            }
        )
    }

    static let approve = ItemDecision(.certified)
    static let deny = ItemDecision(
        .notCertified,
        reasonCodes: ["AT"],
        note: "Conservative therapy for six weeks is not documented."
    )
    static let pend = ItemDecision(.pended, note: "Waiting for imaging report.")

    static let payer = Payer(
        id: "payer-1",
        name: "Greenlight Health Plan",
        identifierSystem: "urn:naic",
        identifierValue: "12345"
    )
    static let plan = HealthPlan(
        id: "H1234-001",
        payerID: "payer-1",
        name: "Greenlight Advantage",
        lineOfBusiness: .medicareAdvantage
    )
    static let member = Member(
        id: "M1001",
        payerID: "payer-1",
        givenName: "Ada",
        familyName: "Lovelace",
        birthDate: "1961-04-12",
        gender: "female",
        patientJSON: #"{"resourceType":"Patient","id":"M1001"}"#
    )
    static let coverage = MemberCoverage(
        id: "cov-1",
        memberID: "M1001",
        payerID: "payer-1",
        planID: "H1234-001",
        subscriberID: "M1001",
        relationship: "self",
        status: "active",
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        coverageJSON: #"{"resourceType":"Coverage","id":"cov-1"}"#
    )
    static let provider = Provider(
        npi: "1234567893",
        name: "Dr. Grace Hopper",
        kind: .practitioner,
        taxonomy: "207X00000X",
        specialty: "Orthopaedic Surgery"
    )
}

/// Runs `body` and checks that it throws a ``CaseStoreError`` with `code`.
func expectError(
    _ code: CaseStoreError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as CaseStoreError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}

/// The same for synchronous code (the pure clock rules).
func expectSyncError(
    _ code: CaseStoreError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(code), but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as CaseStoreError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
