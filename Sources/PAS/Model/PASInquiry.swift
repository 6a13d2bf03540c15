import CaseStore
import FHIR

/// The search keys of a PAS `Claim/$inquire` (query by example under X12 278 inquiry rules):
/// who asks, for which member, from which payer, and optionally which authorization, items
/// and services.
public struct PASInquiry: Sendable, Hashable {
    /// The inquiry Bundle as sent (unwrapped from `Parameters`).
    public var bundle: JSON
    /// `Bundle.identifier`.
    public var identifier: RequestIdentifier
    public var timestamp: FHIRInstant
    /// The Claim inquiry (first entry). In 2.2 its `identifier` is the inquiry's own trace
    /// number, not a search key.
    public var claim: JSON
    /// Whether the caller used the PAS 2.2 form, and so expects the 2.2 answer (a `Parameters`
    /// holding one Bundle per match): the Bundle came wrapped in a `Parameters`, or a
    /// `meta.profile` of the Bundle or Claim names a 2.2 version (`…|2.2.1`). PAS canonical
    /// URLs carry no version, so an unversioned bare Bundle — the official 2.2.1 example
    /// included — reads as the 2.0.1/2.1 form and is answered with one Bundle.
    public var usesVersion22Form: Bool

    public var patient: JSON
    public var insurer: JSON
    public var provider: JSON
    /// `Coverage.subscriberId`, else a member-number (`MB`) identifier.
    public var memberID: String
    public var providerNPIs: [String]
    public var insurerIdentifier: Identifier?
    /// `authorizationNumber` (REF-BB) on the Claim, else on the first item that has one.
    public var authorizationNumber: String?
    /// `administrationReferenceNumber` (REF-NT) on the Claim, else on the first item that has one.
    public var administrationReferenceNumber: String?
    /// Every item's `itemTraceNumber`s.
    public var traceNumbers: [Identifier]
    /// The specific services asked about (`productOrService` codings other than `not-applicable`).
    public var services: [ServiceCode]
    /// Whether any service matches: no item names one, or an item says `not-applicable`.
    public var matchesAnyService: Bool
    /// The items' service dates or periods.
    public var servicePeriods: [ServicePeriod]

    public init(
        bundle: JSON, identifier: RequestIdentifier, timestamp: FHIRInstant, claim: JSON, usesVersion22Form: Bool,
        patient: JSON, insurer: JSON, provider: JSON, memberID: String, providerNPIs: [String],
        insurerIdentifier: Identifier?, authorizationNumber: String?, administrationReferenceNumber: String?,
        traceNumbers: [Identifier], services: [ServiceCode], matchesAnyService: Bool, servicePeriods: [ServicePeriod]
    ) {
        self.bundle = bundle
        self.identifier = identifier
        self.timestamp = timestamp
        self.claim = claim
        self.usesVersion22Form = usesVersion22Form
        self.patient = patient
        self.insurer = insurer
        self.provider = provider
        self.memberID = memberID
        self.providerNPIs = providerNPIs
        self.insurerIdentifier = insurerIdentifier
        self.authorizationNumber = authorizationNumber
        self.administrationReferenceNumber = administrationReferenceNumber
        self.traceNumbers = traceNumbers
        self.services = services
        self.matchesAnyService = matchesAnyService
        self.servicePeriods = servicePeriods
    }
}
