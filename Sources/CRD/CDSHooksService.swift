import CaseStore
import FHIR
import Foundation
import Logging

/// The CDS Hooks service end to end, free of HTTP: discovery, one hook call (read the request,
/// gather its data, decide, log, answer) and feedback. The HTTP routes only move bytes.
///
/// Every call is logged — answered or refused — with its request as received, response, prefetch sources
/// and rule versions (CRD: log all hook calls and responses for disputes). A 200 answer is
/// given only after its log entry and coverage assertions are on disk.
public final class CDSHooksService: Sendable {
    /// What to send back: a status and a JSON body (the response, or one OperationOutcome).
    public struct Answer: Sendable {
        public var status: Int
        public var body: JSON
        public init(status: Int, body: JSON) {
            self.status = status
            self.body = body
        }
    }

    let parser = HookRequestParser()
    let gatherer: HookDataGatherer
    let decider: CoverageRequirementsService
    let store: any CaseStore
    let discovery: CRDDiscovery
    let timeZone: TimeZone
    let logger: Logger

    /// - Parameters:
    ///   - fetcher: reads what prefetch left out from the EHR's FHIR server; `nil` answers 412
    ///     whenever required prefetch is missing.
    ///   - timeZone: the plan's time zone, whose calendar date is `today` for the rules.
    public init(
        decider: CoverageRequirementsService, store: any CaseStore, fetcher: (any FHIRResourceFetcher)?,
        discovery: CRDDiscovery, timeZone: TimeZone, logger: Logger
    ) {
        self.decider = decider
        self.store = store
        self.gatherer = HookDataGatherer(fetcher: fetcher)
        self.discovery = discovery
        self.timeZone = timeZone
        self.logger = logger
    }

    /// `GET /cds-services`.
    public var discoveryDocument: JSON { discovery.json }

    /// `POST /cds-services/{id}` from `clientID`, received at `receivedAt`.
    public func call(serviceID: String, body: [UInt8], clientID: String, receivedAt: Date) async -> Answer {
        let started = ContinuousClock.now
        guard let hook = HookName(serviceID: serviceID), discovery.services.contains(where: { $0.id == serviceID }) else {
            return Answer(status: 404, body: OperationOutcome.error(.notFound, "There is no CDS service \(serviceID) here; see GET /cds-services.").json)
        }
        var request: HookRequest?
        var data: HookData?
        do throws(HookError) {
            let parsed = try parser.parse(body, for: hook)
            request = parsed
            let gathered = try await gatherer.gather(parsed)
            data = gathered
            let decision = try await decider.decide(
                gathered, clientID: clientID, today: today(receivedAt), now: receivedAt)
            if !decision.violations.isEmpty {
                logger.error("CRD replaced coverage-information that broke the profile", metadata: [
                    "hookInstance": "\(parsed.hookInstance)", "violations": "\(decision.violations)",
                ])
            }
            let call = decision.hookCall(
                for: gathered, clientID: clientID, receivedAt: receivedAt, durationMilliseconds: milliseconds(since: started),
                requestJSON: String(decoding: body, as: UTF8.self))
            do {
                try await store.recordHookCall(call, assertions: decision.assertions)
            } catch {
                logger.error("CRD could not log a hook call; answering 500", metadata: ["error": "\(error)"])
                return Answer(status: 500, body: OperationOutcome.error(.exception, "The answer could not be recorded; try again.").json)
            }
            return Answer(status: 200, body: decision.response.json)
        } catch {
            let answer = Answer(status: error.status.rawValue, body: error.outcome.json)
            await logRefusal(answer, hook: hook, body: body, request: request, data: data, clientID: clientID,
                receivedAt: receivedAt, milliseconds: milliseconds(since: started))
            return answer
        }
    }

    /// `POST /cds-services/{id}/feedback`: stored; the same feedback again is kept once.
    public func feedback(serviceID: String, body: [UInt8], clientID: String, receivedAt: Date) async -> Answer {
        guard discovery.services.contains(where: { $0.id == serviceID }) else {
            return Answer(status: 404, body: OperationOutcome.error(.notFound, "There is no CDS service \(serviceID) here.").json)
        }
        do {
            let rows = try HookFeedbackParser.parse(body, serviceID: serviceID, clientID: clientID, receivedAt: receivedAt)
            let stored = try await store.recordHookFeedback(rows)
            logger.info("CDS Hooks feedback", metadata: ["service": "\(serviceID)", "received": "\(rows.count)", "new": "\(stored)"])
            return Answer(status: 200, body: [:])
        } catch let error as HookError {
            return Answer(status: error.status.rawValue, body: error.outcome.json)
        } catch {
            logger.error("CRD could not store feedback", metadata: ["error": "\(error)"])
            return Answer(status: 500, body: OperationOutcome.error(.exception, "The feedback could not be stored; send it again.").json)
        }
    }

    /// Refused calls are logged too: a dispute may be about a call the service turned away.
    private func logRefusal(
        _ answer: Answer, hook: HookName, body: [UInt8], request: HookRequest?, data: HookData?, clientID: String,
        receivedAt: Date, milliseconds: Int
    ) async {
        let instance = request?.hookInstance ?? (try? JSON.parse(body))?["hookInstance"]?.string ?? "(unreadable request)"
        let call = HookCall(
            hookInstance: instance.isEmpty ? "(none)" : instance, hook: hook.rawValue, serviceID: hook.serviceID,
            clientID: clientID, patientID: request?.context["patientId"]?.string, receivedAt: receivedAt,
            durationMilliseconds: milliseconds, status: answer.status,
            prefetchJSON: HookDecision.prefetchJSON(data?.prefetchLog ?? []), requestJSON: String(decoding: body, as: UTF8.self),
            responseJSON: answer.body.serializedString())
        do {
            try await store.recordHookCall(call, assertions: [])
        } catch {
            logger.error("CRD could not log a refused hook call", metadata: ["error": "\(error)", "status": "\(answer.status)"])
        }
    }

    /// The plan's calendar date at `instant`.
    func today(_ instant: Date) -> String {
        FHIRDate(instant, timeZone: timeZone).description
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start) / .milliseconds(1))
    }
}
