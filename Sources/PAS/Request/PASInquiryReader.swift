import CaseStore
import FHIR

/// Reads a PAS `Claim/$inquire` body — an inquiry Bundle with a Claim inquiry first, bare or
/// as the `resource` of a `Parameters` — into the keys a search for prior authorizations
/// needs. Problems are reported as ``PASRequestReader`` reports them: all at once, 400 for a
/// body that is not a Bundle, 422 for a Bundle that breaks the inquiry profile.
///
/// The inquiry must identify the requester, the payer and the patient (a member id), and
/// every reference in the Claim must resolve in the Bundle. Items are optional (a search for
/// all of a member's authorizations); those given need a positive sequence and a
/// `productOrService` (`not-applicable` meaning any service), and their dates follow the
/// request's rules.
public struct PASInquiryReader: Sendable {
    /// The `productOrService` code that stands for any service.
    public static let anyServiceCode = "not-applicable"

    public init() {}

    public func read(_ body: [UInt8]) throws(PASRequestError) -> PASInquiry {
        try read(PASOperationInput.parse(body))
    }

    public func read(_ json: JSON) throws(PASRequestError) -> PASInquiry {
        var problems = BundleProblems()
        let opening = try ClaimBundleOpening(json, kind: "inquiry", problems: &problems)
        let (input, envelope, claim, parties) = (opening.input, opening.envelope, opening.claim, opening.parties)
        if parties.patient != nil, parties.memberID == nil {
            problems.add(
                .required,
                "An inquiry must identify the patient by member id: Coverage.subscriberId or an identifier typed MB.",
                at: "\(PASBundleEnvelope.claimPath).patient")
        }
        let items = readItems(claim, problems: &problems)

        guard problems.isEmpty, let identifier = envelope.identifier, let timestamp = envelope.timestamp,
            let patient = parties.patient, let insurer = parties.insurer, let provider = parties.provider,
            let memberID = parties.memberID
        else { throw problems.unreadable("inquiry") }

        let elements = claim["item"]?.array ?? []
        func number(_ url: String) -> String? {
            ([claim] + elements).lazy.compactMap { $0.extension(url: url)?["valueString"]?.string }.first
        }
        return PASInquiry(
            bundle: input.bundle, identifier: identifier, timestamp: timestamp, claim: claim,
            usesVersion22Form: input.wasWrapped || Self.claimsVersion22([input.bundle, claim]),
            patient: patient, insurer: insurer, provider: provider, memberID: memberID,
            providerNPIs: parties.providerNPIs, insurerIdentifier: parties.insurerIdentifier,
            authorizationNumber: number(PASVocabulary.Extension.authorizationNumber),
            administrationReferenceNumber: number(PASVocabulary.Extension.administrationReferenceNumber),
            traceNumbers: elements.flatMap { item in
                item.extensions(url: PASVocabulary.Extension.itemTraceNumber)
                    .compactMap { $0["valueIdentifier"].flatMap(Identifier.init(json:)) }
            },
            services: items.flatMap(\.services),
            matchesAnyService: items.isEmpty || items.contains(where: \.isAnyService),
            servicePeriods: items.compactMap(\.serviced))
    }

    /// What one inquiry item asks about.
    private struct InquiryItem {
        var services: [ServiceCode]
        var isAnyService: Bool
        var serviced: ServicePeriod?
    }

    private func readItems(_ claim: JSON, problems: inout BundleProblems) -> [InquiryItem] {
        var items: [InquiryItem] = []
        for (index, item) in (claim["item"]?.array ?? []).enumerated() {
            let path = "\(PASBundleEnvelope.claimPath).item[\(index)]"
            _ = ClaimItemReader.readSequence(item, at: path, problems: &problems)
            let codings = (item["productOrService"]?["coding"]?.array ?? []).compactMap(Coding.init(json:))
            let isAnyService = codings.contains { $0.code == Self.anyServiceCode }
            let services = ClaimItemReader.serviceCodes(item["productOrService"]).filter { $0.code != Self.anyServiceCode }
            if !isAnyService, services.isEmpty {
                problems.add(
                    .required, "Every inquiry item needs a productOrService coding (not-applicable for any service).",
                    at: "\(path).productOrService")
            }
            if let certification = item.extensionIndex(url: PASVocabulary.Extension.certificationType) {
                _ = PASCertificationTypeReader.read(
                    item["extension"]?[certification], at: "\(path).extension[\(certification)]", problems: &problems)
            }
            let serviced = ServicedDateReader.read(item, at: path, problems: &problems)
            items.append(InquiryItem(services: services, isAnyService: isAnyService, serviced: serviced))
        }
        return items
    }

    /// Whether a `meta.profile` of any of `resources` is versioned 2.2 (`…|2.2.1`).
    private static func claimsVersion22(_ resources: [JSON]) -> Bool {
        resources.flatMap(\.profiles).contains { profile in
            guard let bar = profile.lastIndex(of: "|") else { return false }
            return profile[profile.index(after: bar)...].hasPrefix("2.2")
        }
    }
}
