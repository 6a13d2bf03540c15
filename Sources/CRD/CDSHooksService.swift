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
        /// Set when the call's JWT id was found already used as the call was logged: nothing
        /// was kept, and the HTTP layer answers 401 as for any refused JWT.
        public var replayedJTI: String?
        /// `body` as JSON text, when it was already written for the log (send these bytes).
        public var serializedBody: [UInt8]?

        public init(status: Int, body: JSON, replayedJTI: String? = nil, serializedBody: [UInt8]? = nil) {
            self.status = status
            self.body = body
            self.replayedJTI = replayedJTI
            self.serializedBody = serializedBody
        }

        static func replayed(_ claim: TokenIDClaim) -> Answer {
            Answer(
                status: 401, body: OperationOutcome.error(.login, "The JWT's jti has already been used (\(claim.jti)).").json,
                replayedJTI: claim.jti)
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

    /// `POST /cds-services/{id}` from `clientID`, received at `receivedAt`. `tokenID`, when
    /// given, is the call's JWT id, written with the log entry; a replay found then answers 401.
    public func call(
        serviceID: String, body: [UInt8], clientID: String, receivedAt: Date, tokenID: TokenIDClaim? = nil
    ) async -> Answer {
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
            let response = decision.response.json
            let responseBytes = response.serialized()
            let call = decision.hookCall(
                for: gathered, clientID: clientID, receivedAt: receivedAt, durationMilliseconds: milliseconds(since: started),
                requestJSON: String(decoding: body, as: UTF8.self), responseJSON: String(decoding: responseBytes, as: UTF8.self))
            do {
                try await store.recordHookCall(call, assertions: decision.assertions, claiming: tokenID)
            } catch let error as CaseStoreError where error.code == .tokenIDAlreadyUsed {
                return tokenID.map(Answer.replayed) ?? Answer(status: 500, body: OperationOutcome.error(.exception, error.message).json)
            } catch {
                logger.error("CRD could not log a hook call; answering 500", metadata: ["error": "\(error)"])
                return Answer(status: 500, body: OperationOutcome.error(.exception, "The answer could not be recorded; try again.").json)
            }
            return Answer(status: 200, body: response, serializedBody: responseBytes)
        } catch {
            let answer = Answer(status: error.status.rawValue, body: error.outcome.json)
            return await logRefusal(answer, hook: hook, body: body, request: request, data: data, clientID: clientID,
                receivedAt: receivedAt, milliseconds: milliseconds(since: started), tokenID: tokenID)
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
    /// Returns `answer`, or the 401 when the JWT id turns out to be used.
    private func logRefusal(
        _ answer: Answer, hook: HookName, body: [UInt8], request: HookRequest?, data: HookData?, clientID: String,
        receivedAt: Date, milliseconds: Int, tokenID: TokenIDClaim?
    ) async -> Answer {
        let instance = request?.hookInstance ?? (try? JSON.parse(body))?["hookInstance"]?.string ?? "(unreadable request)"
        let call = HookCall(
            hookInstance: instance.isEmpty ? "(none)" : instance, hook: hook.rawValue, serviceID: hook.serviceID,
            clientID: clientID, patientID: request?.context["patientId"]?.string, receivedAt: receivedAt,
            durationMilliseconds: milliseconds, status: answer.status,
            prefetchJSON: HookDecision.prefetchJSON(data?.prefetchLog ?? []), requestJSON: String(decoding: body, as: UTF8.self),
            responseJSON: answer.body.serializedString())
        do {
            try await store.recordHookCall(call, assertions: [], claiming: tokenID)
        } catch let error as CaseStoreError where error.code == .tokenIDAlreadyUsed {
            if let tokenID { return .replayed(tokenID) }
        } catch {
            logger.error("CRD could not log a refused hook call", metadata: ["error": "\(error)", "status": "\(answer.status)"])
        }
        return answer
    }

    /// The plan's calendar date at `instant`.
    func today(_ instant: Date) -> String {
        FHIRDate(instant, timeZone: timeZone).description
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Int {
        Int((ContinuousClock.now - start) / .milliseconds(1))
    }
}
