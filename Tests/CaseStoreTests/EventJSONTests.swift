import Foundation
import Testing

@testable import CaseStore

/// The event states written without `JSONEncoder` read exactly as the encoder writes them, so
/// the trail reads the same whichever path wrote an event.
struct EventJSONTests {
    static let decided = CaseItem(
        caseID: "GL-1", sequence: 2, service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: "72148"),
        quantity: Quantity(value: "1.50", unit: "visits"), servicePeriod: ServicePeriod(start: "2026-04-20", end: nil),
        status: .denied, reviewAction: .notCertified, reasonCodes: ["0U", "A\"B\\C"],
        note: "Line one\r\nline \"two\"\t/ tab \u{01} é\u{301} 😀 \u{1F}", authorizedQuantity: Quantity(value: "1"),
        authorizedPeriod: ServicePeriod(start: nil, end: "2026-05-20"),
        decidedAt: Dates.mondayMorning.addingTimeInterval(0.1234), decidedBy: "reviewer/1", onTime: false)

    @Test(arguments: [
        decided,
        CaseItem(caseID: "GL-2", sequence: 1, service: ServiceCode(system: "", code: "E0601")),
    ])
    func itemsReadAsTheEncoderWritesThem(_ item: CaseItem) {
        #expect(CaseEventWriter.json(item) == CaseEventWriter.encoded(item))
    }

    @Test func statusesAndIntakesReadAsTheEncoderWritesThem() {
        let states: [any Encodable] = [
            EventState.Status(status: .approved, decidedAt: Dates.mondayMorning, onTime: true),
            EventState.Status(status: .pended, decidedAt: nil, onTime: nil),
            EventState.Intake(
                status: .received, urgency: .expedited, receivedAt: Dates.mondayMorning,
                dueAt: Dates.mondayMorning.addingTimeInterval(72 * Dates.hour), items: [1, 2, 3]),
        ]
        for state in states {
            #expect(CaseEventWriter.json(state) == CaseEventWriter.encoded(state))
        }
    }
}
