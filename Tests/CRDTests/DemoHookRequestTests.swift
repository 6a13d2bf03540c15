import FHIR
import Foundation
import Testing

@testable import CRD

/// The demo EHR's order-sign requests (`Fixtures/demo/hooks`, one per shipped policy) give the
/// answers their README promises, through the request parser and the gatherer as in production.
@Suite struct DemoHookRequestTests {
    struct Expectation: Sendable, CustomStringConvertible {
        var file: String
        var covered: [String]
        var paNeeded: [String?]
        var infoNeeded: String? = nil
        var reasonCode: String? = nil
        var description: String { file }
    }

    static let cases: [Expectation] = [
        Expectation(file: "order-sign-lumbar-mri", covered: ["conditional"], paNeeded: ["auth-needed"]),
        Expectation(file: "order-sign-brain-mri-gold-card", covered: ["covered"], paNeeded: ["no-auth"], reasonCode: "gold-card"),
        Expectation(file: "order-sign-metabolic-panel", covered: ["covered"], paNeeded: ["no-auth"]),
        Expectation(file: "order-sign-eye-exam-exchange", covered: ["not-covered"], paNeeded: [nil]),
        Expectation(file: "order-sign-home-oxygen", covered: ["conditional"], paNeeded: ["auth-needed"], infoNeeded: "performer"),
        Expectation(file: "order-sign-cpap", covered: ["conditional"], paNeeded: ["auth-needed"]),
        Expectation(file: "order-sign-knee-arthroplasty", covered: ["conditional"], paNeeded: ["auth-needed"], infoNeeded: "location"),
        Expectation(file: "order-sign-physical-therapy", covered: ["covered"], paNeeded: ["auth-needed"]),
        Expectation(file: "order-sign-two-orders", covered: ["conditional", "covered"], paNeeded: ["auth-needed", "no-auth"]),
    ]

    /// A request file as the service gets it: parsed, then gathered from its prefetch (the
    /// files carry everything; nothing is fetched).
    static func data(_ file: String) async throws -> HookData {
        let body = try Data(contentsOf: Paths.demo.appendingPathComponent("hooks/\(file).json"))
        let request = try HookRequestParser().parse(body, for: .orderSign)
        return try await HookDataGatherer(fetcher: nil).gather(request)
    }

    @Test(arguments: cases)
    func answersAsDocumented(_ expected: Expectation) async throws {
        let env = try await CRDEnvironment.get()
        let decision = try await env.decide(try await Self.data(expected.file))
        #expect(decision.extensions.map { $0.code("covered") } == expected.covered)
        #expect(decision.extensions.map { $0.code("pa-needed") } == expected.paNeeded)
        if let info = expected.infoNeeded { #expect(decision.extensions.first?.codes("info-needed") == [info]) }
        if let code = expected.reasonCode {
            #expect(decision.extensions.first?.sub("reason").first?["coding"]?[0]?["code"]?.string == code)
        }
        #expect(decision.assertionIDs.count == 1)
    }
}
