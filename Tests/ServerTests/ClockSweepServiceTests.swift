import CaseStore
import Foundation
import HummingbirdTesting
import Server
import Testing

/// The clock sweep runs beside the HTTP server: while serving, a case that passes its due time
/// gets its overdue event and shows up in the metrics, without anyone calling the store.
@Suite("Clock sweep while serving")
struct ClockSweepServiceTests {
    @Test func anOverdueCaseIsFlaggedWhileTheServerRuns() async throws {
        let time = ManualTimeSource(Date(timeIntervalSince1970: 1_790_000_000))
        let server = try await TestServer(seedDemo: true, timeSource: time) { $0.clockSweepIntervalSeconds = 0.05 }
        let intake = CaseIntake(
            submitter: "org-clinic-1",
            requestIdentifier: RequestIdentifier(system: "urn:ietf:rfc:3986", value: "urn:uuid:sweep-1"),
            memberID: "member-001",
            urgency: .expedited,
            requestJSON: "{}",
            items: [.init(sequence: 1, service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: "72148"))])
        let caseID = try await server.store.openCase(intake).paCase.id
        time.advance(by: 73 * 3600)

        try await server.live { client in
            var metrics = ""
            for _ in 0..<100 {
                let response = try await client.execute(uri: "/metrics", method: .get)
                metrics = String(buffer: response.body)
                if metrics.contains(#"greenlight_clock_alerts_total{level="overdue"} 1"#) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(metrics.contains(#"greenlight_clock_alerts_total{level="overdue"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"greenlight_clock_alerts_total{level="near"} 0"#))
        }
        let kinds = try await server.store.events(caseID: caseID).map(\.kind)
        #expect(kinds.filter { $0 == .escalationOverdue }.count == 1)
    }
}
