import CaseStore
import FHIR
import Foundation

/// Checks a PAS Subscription (the Backport `backport-subscription` profile with the PAS topic)
/// and reads what the server needs from it.
///
/// Like the PAS Bundle readers, it gathers every problem into **one** OperationOutcome, each
/// issue naming its element by FHIRPath: 400 when the body is not a Subscription at all or
/// breaks FHIR's JSON rules, 422 when it is one but cannot be served (another topic, a channel
/// other than rest-hook, no organization filter, an endpoint that is not an absolute http(s) URL).
public struct PASSubscriptionReader: Sendable {
    public init() {}

    public func read(_ body: some Collection<UInt8>) throws(PASRequestError) -> PASSubscriptionRequest {
        let json: JSON
        do {
            json = try JSON.parse(body)
        } catch {
            throw PASRequestError(.badRequest, OperationOutcome(error))
        }
        return try read(json)
    }

    public func read(_ json: JSON) throws(PASRequestError) -> PASSubscriptionRequest {
        guard json.object != nil, json.resourceType == "Subscription" else {
            let found = json.resourceType.map { "a \($0)" } ?? "no resource"
            throw PASRequestError(.badRequest, .invalid, "Expected a Subscription but found \(found).", path: "Subscription")
        }
        let structure = StructureValidator().validate(json, expectedType: "Subscription")
        guard structure.isEmpty else { throw PASRequestError(.badRequest, OperationOutcome(issues: structure)) }

        var problems = Problems()
        let status = readStatus(json, &problems)
        if json["reason"]?.string == nil {
            problems.add(.required, "A Subscription needs a reason (FHIR R4: Subscription.reason 1..1).", at: "Subscription.reason")
        }
        checkTopic(json, &problems)
        let organization = readFilter(json, &problems)
        let channel = readChannel(json["channel"], &problems)
        let end = readEnd(json, &problems)

        guard problems.issues.isEmpty, let organization, let channel else {
            throw PASRequestError(.unprocessableContent, OperationOutcome(issues: problems.issues))
        }
        var resource = json
        for key in ["id", "meta", "status", "error"] { resource[key] = nil }
        return PASSubscriptionRequest(
            resource: resource, status: status, organizationIdentifier: organization, channel: channel, end: end)
    }

    /// `requested` or `active` (both mean "please deliver"; a rest-hook is always handshaken
    /// first), `off`; `error` is the server's to set, and reads as "leave it as it is", which the
    /// service treats like `requested`.
    private func readStatus(_ json: JSON, _ problems: inout Problems) -> TopicSubscription.Status {
        guard let text = json["status"]?.string else {
            problems.add(.required, "A Subscription needs a status (requested to start it).", at: "Subscription.status")
            return .requested
        }
        guard let status = TopicSubscription.Status(rawValue: text) else {
            problems.add(.codeInvalid, "Subscription.status must be requested, active, error or off, not \"\(text)\".", at: "Subscription.status")
            return .requested
        }
        return status
    }

    /// `criteria` is the PAS topic's canonical, with or without a `|version`.
    private func checkTopic(_ json: JSON, _ problems: inout Problems) {
        guard let criteria = json["criteria"]?.string else {
            problems.add(
                .required, "A Subscription needs criteria: the PAS topic \(PASSubscriptionTopic.url).",
                at: "Subscription.criteria")
            return
        }
        let canonical = criteria.split(separator: "|", maxSplits: 1).first.map(String.init) ?? criteria
        guard canonical == PASSubscriptionTopic.url else {
            problems.add(
                .notSupported,
                "Unknown subscription topic \"\(criteria)\"; this server offers only \(PASSubscriptionTopic.url).",
                at: "Subscription.criteria")
            return
        }
    }

    /// The one organization filter: `org-identifier=<id>` or `orgIdentifier=<id>`, optionally
    /// after a `ClaimResponse?` prefix, `<id>` a value or a `system|value` token.
    private func readFilter(_ json: JSON, _ problems: inout Problems) -> String? {
        let path = "Subscription.criteria.extension.where(url = '\(Backport.filterCriteria)')"
        let filters = (json["_criteria"]?["extension"]?.array ?? []).filter { $0["url"]?.string == Backport.filterCriteria }
        guard filters.count == 1 else {
            problems.add(
                filters.isEmpty ? .required : .businessRule,
                filters.isEmpty
                    ? "A PAS Subscription needs one filter on the submitting organization: org-identifier=<identifier>."
                    : "A PAS Subscription has exactly one filter (org-identifier=<identifier>); found \(filters.count).",
                at: path)
            return nil
        }
        guard let text = filters[0]["valueString"]?.string else {
            problems.add(.required, "The filter criteria must be a valueString such as org-identifier=1234567893.", at: path)
            return nil
        }
        let query = text.split(separator: "?", maxSplits: 1).last.map(String.init) ?? text
        let pair = query.split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2, PASSubscriptionTopic.filterParameters.contains(pair[0]),
            let value = pair[1].split(separator: "|", omittingEmptySubsequences: false).last, !value.isEmpty,
            !value.contains("&"), !value.contains(where: \.isWhitespace)
        else {
            problems.add(
                .invalid,
                "The filter \"\(text)\" is not org-identifier=<identifier> (orgIdentifier= is accepted too), "
                    + "the only filter the PAS topic offers.",
                at: path)
            return nil
        }
        return String(value)
    }

    private func readChannel(_ channel: JSON?, _ problems: inout Problems) -> SubscriptionChannel? {
        guard let channel, channel.object != nil else {
            problems.add(.required, "A Subscription needs a channel (a rest-hook endpoint).", at: "Subscription.channel")
            return nil
        }
        let problemsBefore = problems.issues.count
        let type = channel["type"]?.string
        if type == nil {
            problems.add(.required, "The channel needs a type: rest-hook.", at: "Subscription.channel.type")
        } else if type != "rest-hook" {
            problems.add(
                .notSupported, "Only rest-hook channels are offered (PAS 2.2 notifies by rest-hook only), not \(type!).",
                at: "Subscription.channel.type")
        }
        let endpoint = readEndpoint(channel, &problems)
        let headers = readHeaders(channel, &problems)
        let payloadType = readPayloadType(channel, &problems)
        let content = readContent(channel, &problems)
        let heartbeat = readSeconds(channel, Backport.heartbeatPeriod, type: "valueUnsignedInt", &problems)
        let timeout = readSeconds(channel, Backport.timeout, type: "valueUnsignedInt", &problems)
        _ = readSeconds(channel, Backport.maxCount, type: "valuePositiveInt", &problems)
        guard problems.issues.count == problemsBefore, let endpoint else { return nil }
        return SubscriptionChannel(
            endpoint: endpoint, headers: headers, payloadType: payloadType, content: content,
            heartbeatPeriod: heartbeat, timeout: timeout)
    }

    private func readEndpoint(_ channel: JSON, _ problems: inout Problems) -> String? {
        guard let endpoint = channel["endpoint"]?.string else {
            problems.add(.required, "A rest-hook channel needs an endpoint URL.", at: "Subscription.channel.endpoint")
            return nil
        }
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            problems.add(
                .value, "The endpoint \"\(endpoint)\" is not an absolute http or https URL.",
                at: "Subscription.channel.endpoint")
            return nil
        }
        return endpoint
    }

    /// Each header is `Name: value`, sent as is with every notification. The ones that describe
    /// the POST itself are the server's to write.
    private func readHeaders(_ channel: JSON, _ problems: inout Problems) -> [String] {
        var headers: [String] = []
        for (index, header) in (channel["header"]?.array ?? []).enumerated() {
            let path = "Subscription.channel.header[\(index)]"
            guard let text = header.string, let colon = text.firstIndex(of: ":") else {
                problems.add(.value, "A channel header must read \"Name: value\".", at: path)
                continue
            }
            let name = text[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isTokenCharacter),
                !text.contains(where: { $0 == "\r" || $0 == "\n" })
            else {
                problems.add(.value, "\"\(text)\" is not a valid HTTP header line (Name: value).", at: path)
                continue
            }
            guard !Self.serverHeaders.contains(name.lowercased()) else {
                problems.add(.businessRule, "The \(name) header is set by the server for each notification.", at: path)
                continue
            }
            headers.append(text)
        }
        return headers
    }

    private static let serverHeaders: Set<String> = ["content-type", "content-length", "host", "transfer-encoding", "connection"]

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~": true
        default: false
        }
    }

    /// Notifications are FHIR JSON.
    private func readPayloadType(_ channel: JSON, _ problems: inout Problems) -> String {
        guard let payload = channel["payload"]?.string else { return "application/fhir+json" }
        let mediaType = payload.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/fhir+json" || mediaType == "application/json" else {
            problems.add(
                .notSupported, "Notifications are sent as application/fhir+json, not \(payload).",
                at: "Subscription.channel.payload")
            return "application/fhir+json"
        }
        return payload
    }

    /// `full-resource` (PAS 2.1 and 2.2) or `id-only` (PAS 2.0.1); `full-resource` when absent.
    private func readContent(_ channel: JSON, _ problems: inout Problems) -> SubscriptionChannel.Content {
        let path = "Subscription.channel.payload.extension.where(url = '\(Backport.payloadContent)')"
        guard let content = channel["_payload"]?.extension(url: Backport.payloadContent) else { return .fullResource }
        guard let code = content["valueCode"]?.string, let value = SubscriptionChannel.Content(rawValue: code) else {
            problems.add(.codeInvalid, "The payload content must be full-resource or id-only.", at: path)
            return .fullResource
        }
        guard value != .empty else {
            problems.add(
                .notSupported, "PAS notifications carry the response: full-resource (or id-only for PAS 2.0.1), not empty.",
                at: path)
            return .fullResource
        }
        return value
    }

    /// A whole number of seconds (or events) from a channel extension, when present and not 0.
    private func readSeconds(_ channel: JSON, _ url: String, type: String, _ problems: inout Problems) -> Int? {
        guard let found = channel.extension(url: url) else { return nil }
        let minimum = type == "valuePositiveInt" ? 1 : 0
        guard let value = found[type]?.int, value >= minimum else {
            problems.add(
                .value, "This extension needs a \(type) of at least \(minimum).",
                at: "Subscription.channel.extension.where(url = '\(url)')")
            return nil
        }
        return value == 0 ? nil : value  // 0 seconds: no heartbeat, no limit of its own
    }

    private func readEnd(_ json: JSON, _ problems: inout Problems) -> Date? {
        guard let text = json["end"]?.string else { return nil }
        guard let instant = FHIRInstant(text) else {
            problems.add(.value, "Subscription.end must be an instant with a time zone.", at: "Subscription.end")
            return nil
        }
        return instant.date
    }

    /// The issues found so far, each about one element.
    private struct Problems {
        var issues: [OperationOutcome.Issue] = []

        mutating func add(_ code: OperationOutcome.IssueType, _ message: String, at path: String) {
            issues.append(.init(severity: .error, code: code, diagnostics: message, expression: [path]))
        }
    }
}
