import CaseStore
import FHIR
import Foundation
import Identifiers
import Logging

/// `Subscription` create, read, update, delete and search for PAS pended results, free of HTTP.
///
/// One subscription per organization (or sending system) to the PAS topic; only that
/// organization sees or changes it: another organization asking by id is told there is no such
/// subscription (404), so ids reveal nothing. The filter must name the caller's own organization.
///
/// A rest-hook starts `requested`; the delivery worker sends it a handshake and makes it `active`
/// (2xx) or `error` (anything else). Asking for `requested` or `active` again reactivates a
/// subscription in `error` or `off` (another handshake), and so does changing its endpoint or
/// headers; `off` stops deliveries until then.
public final class PASSubscriptionService: Sendable {
    let store: any SubscriptionStore
    let baseURL: String
    let notifications: BackportNotification
    let logger: Logger

    public init(store: any SubscriptionStore, baseURL: String, logger: Logger = Logger(label: "greenlight.pas")) {
        self.store = store
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.notifications = BackportNotification(baseURL: baseURL)
        self.logger = logger
    }

    /// `POST /Subscription`: 201 with the stored Subscription.
    public func create(body: [UInt8], owner: PASSubscriptionOwner) async -> PASAnswer {
        do {
            let request = try PASSubscriptionReader().read(body)
            try Self.check(request, belongsTo: owner)
            let settings = Self.settings(request, status: request.status == .off ? .off : .requested)
            let created = try await store.createSubscription(owner: owner.submitter, settings)
            return PASAnswer(status: 201, body: created.resource())
        } catch {
            return answer(error, id: nil)
        }
    }

    /// `GET /Subscription/<id>`.
    public func read(id: String, owner: PASSubscriptionOwner) async -> PASAnswer {
        do {
            return PASAnswer(status: 200, body: try await ownSubscription(id, owner).resource())
        } catch {
            return answer(error, id: id)
        }
    }

    /// `PUT /Subscription/<id>`: replaces the subscriber's settings (status as described above).
    public func update(id: String, body: [UInt8], owner: PASSubscriptionOwner) async -> PASAnswer {
        do {
            let existing = try await ownSubscription(id, owner)
            let request = try PASSubscriptionReader().read(body)
            // FHIR update: the body's id is the URL's, or the request is a 400.
            let bodyID = try? JSON.parse(body).id
            guard bodyID == id else {
                throw PASRequestError(
                    .badRequest, bodyID == nil ? .required : .invariant,
                    "An update's Subscription must carry the id in the URL (\(id)), not \(bodyID ?? "none").",
                    path: "Subscription.id")
            }
            try Self.check(request, belongsTo: owner)
            let status: TopicSubscription.Status
            if request.status == .off {
                status = .off
            } else if existing.status == .active, existing.settings.channel == request.channel {
                status = .active
            } else {
                status = .requested
            }
            let updated = try await store.updateSubscription(id: id, Self.settings(request, status: status))
            return PASAnswer(status: 200, body: updated.resource())
        } catch {
            return answer(error, id: id)
        }
    }

    /// `DELETE /Subscription/<id>`: the subscription and its undelivered notifications go.
    public func delete(id: String, owner: PASSubscriptionOwner) async -> PASAnswer {
        do {
            _ = try await ownSubscription(id, owner)
            try await store.deleteSubscription(id: id)
            return PASAnswer(
                status: 200,
                body: OperationOutcome(issues: [
                    .init(severity: .information, code: .informational, diagnostics: "Subscription \(id) was deleted.")
                ]).json)
        } catch {
            return answer(error, id: id)
        }
    }

    /// `GET /Subscription[?url=…&status=…]`: the caller's own subscriptions that match, as a
    /// searchset. `queryItems` are the parameters as sent, for the Bundle's links.
    public func search(
        owner: PASSubscriptionOwner, _ query: PASSubscriptionQuery = .init(), queryItems: [URLQueryItem] = [], at moment: Date
    ) async -> PASAnswer {
        do {
            let found = try await store.subscriptions(owner: owner.submitter).filter(query.matches)
            let bundle = FHIRBundle.searchset(
                baseURL: baseURL, resourceType: "Subscription", queryItems: queryItems, offset: 0, count: max(found.count, 1),
                total: found.count, resources: found.map { $0.resource() }, timestamp: FHIRInstant(moment))
            return PASAnswer(status: 200, body: bundle.json)
        } catch {
            return answer(error, id: nil)
        }
    }

    /// `Subscription/$status` (Backport `backport-subscription-status`, which servers SHALL
    /// support): a searchset of SubscriptionStatus Parameters (`query-status`), one per
    /// subscription of the caller's that matches `query` (its `id` and `status` parameters; none
    /// means all of them). A `status` that is no Backport status code is a 400 naming it.
    public func status(owner: PASSubscriptionOwner, _ query: PASSubscriptionQuery, at moment: Date) async -> PASAnswer {
        do {
            let codes = Set(TopicSubscription.Status.allCases.map(\.rawValue))
            if let unknown = query.statuses.joined().first(where: { !codes.contains($0) }) {
                throw PASRequestError(
                    .badRequest, .value,
                    "'\(unknown)' is not a subscription status; use \(codes.sorted().joined(separator: ", ")).",
                    path: "Parameters.parameter.where(name = 'status')")
            }
            let found = try await store.subscriptions(owner: owner.submitter).filter(query.matches)
            return PASAnswer(status: 200, body: statusBundle(found, at: moment))
        } catch {
            return answer(error, id: nil)
        }
    }

    /// `Subscription/<id>/$status`: the same for one subscription (404 unless the caller's).
    public func status(id: String, owner: PASSubscriptionOwner, at moment: Date) async -> PASAnswer {
        do {
            return PASAnswer(status: 200, body: statusBundle([try await ownSubscription(id, owner)], at: moment))
        } catch {
            return answer(error, id: id)
        }
    }

    /// `Subscription/<id>/$events` (Backport `backport-subscription-events`): the caller's
    /// subscription's past notifications numbered in the requested range, at most
    /// ``PASSubscriptionEventsRequest/limit`` of them, lowest first, as a `history` Bundle.
    /// `parameters` are the operation's, as text; one that does not read is a 400 naming it.
    public func events(id: String, owner: PASSubscriptionOwner, parameters: [String: [String]], at moment: Date)
        async -> PASAnswer
    {
        do {
            let subscription = try await ownSubscription(id, owner)
            let request = try PASSubscriptionEventsRequest(parameters: parameters)
            let stored = try await store.notifications(
                subscriptionID: id, eventNumbers: request.since...(request.until ?? Int(Int32.max)),
                limit: PASSubscriptionEventsRequest.limit)
            return PASAnswer(status: 200, body: notifications.events(stored, of: subscription, content: request.content, at: moment))
        } catch {
            return answer(error, id: id)
        }
    }

    private func statusBundle(_ subscriptions: [TopicSubscription], at moment: Date) -> JSON {
        let entries = subscriptions.map { subscription in
            let status = notifications.queryStatus(of: subscription)
            return FHIRBundle.Entry(fullUrl: "urn:uuid:\(status.id ?? "")", resource: status, search: .init(mode: .match))
        }
        return FHIRBundle(
            type: .searchset, id: RandomIdentifier.uuid(), timestamp: FHIRInstant(moment), total: subscriptions.count,
            entries: entries
        ).json
    }

    /// The subscription when `owner` owns it; otherwise, as when there is none, not found.
    private func ownSubscription(_ id: String, _ owner: PASSubscriptionOwner) async throws -> TopicSubscription {
        guard let found = try await store.subscription(id: id), found.owner == owner.submitter else {
            throw CaseStoreError(.subscriptionNotFound, "no subscription has the id \(id)")
        }
        return found
    }

    /// The filter must name the caller's organization: an organization subscribes to its own
    /// results only.
    private static func check(_ request: PASSubscriptionRequest, belongsTo owner: PASSubscriptionOwner) throws(PASRequestError) {
        guard owner.identifiers.contains(request.organizationIdentifier) else {
            throw PASRequestError(
                .forbidden, .forbidden,
                "The filter names organization \(request.organizationIdentifier), but this client speaks for "
                    + "\(owner.identifiers.sorted().joined(separator: ", ")); an organization subscribes to its own results.",
                path: "Subscription.criteria.extension.where(url = '\(Backport.filterCriteria)')")
        }
    }

    private static func settings(_ request: PASSubscriptionRequest, status: TopicSubscription.Status)
        -> SubscriptionSettings
    {
        SubscriptionSettings(
            topic: PASSubscriptionTopic.url, status: status, channel: request.channel, end: request.end,
            resourceJSON: request.resource.serializedString())
    }

    private func answer(_ error: any Error, id: String?) -> PASAnswer {
        switch error {
        case let error as PASRequestError:
            return .refusal(error.status.rawValue, error.outcome)
        case let error as CaseStoreError where error.code == .subscriptionNotFound:
            return .refusal(404, .error(.notFound, "There is no Subscription \(id ?? "") for your organization."))
        case let error as CaseStoreError where error.code == .duplicateSubscription:
            return .refusal(
                409,
                .error(
                    .duplicate,
                    "Your organization already has a PAS subscription (one per organization): change it with "
                        + "PUT or delete it first. \(error.message)",
                    expression: ["Subscription.criteria"]))
        default:
            logger.error("PAS: a Subscription request failed", metadata: ["error": "\(error)"])
            return .refusal(503, .error(.transient, "The subscription could not be stored or read; try again."))
        }
    }
}
