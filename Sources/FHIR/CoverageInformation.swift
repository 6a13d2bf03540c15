/// One CRD 2.1 `coverage-information` extension: what the payer says about one order under one
/// Coverage. CRD builds it from a rule's decision (and checks it against the hook before it
/// leaves); DTR restates a stored one when an adaptive form completes. It lives here, in the
/// module both use, with the profile's invariants (``violations``), its writer (``json``) and
/// its reader (``init(json:)``).
public struct CoverageInformation: Sendable, Hashable {
    /// The extension's URL.
    public static let url = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"
    /// CRD's code system through 2.1 (detail and reason codes); 2.2 moves them to
    /// `…/CodeSystem/coverage-information-codes`.
    public static let codeSystem = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"
    /// CRD 2.1's `coverageAssertionReasons` value set: only these reason codes are sent coded;
    /// any other reason goes as text (invariant q7).
    public static let assertionReasons: Set<String> = ["gold-card", "detail-code"]

    public enum Covered: String, Sendable, Hashable, CaseIterable {
        case covered, notCovered = "not-covered", conditional
    }
    public enum PANeeded: String, Sendable, Hashable, CaseIterable {
        case noAuth = "no-auth", authNeeded = "auth-needed", satisfied, performPA = "performpa", conditional
    }
    public enum DocNeeded: String, Sendable, Hashable, CaseIterable {
        case clinical, admin, patient, conditional
    }
    public enum DocPurpose: String, Sendable, Hashable, CaseIterable {
        case withPA = "withpa", withClaim = "withclaim", withOrder = "withorder", retainDoc = "retain-doc", other = "OTH"
    }
    public enum InfoNeeded: String, Sendable, Hashable, CaseIterable {
        case performer, location, timeframe, contractWindow = "contract-window", other = "OTH"
    }

    /// A `reason`: a code from ``assertionReasons`` (sent coded) and/or a text.
    public struct Reason: Sendable, Hashable {
        public var code: String?
        public var text: String?

        public init(code: String? = nil, text: String? = nil) {
            self.code = code
            self.text = text
        }

        /// Whether the code is one the value set knows (q7: any other needs a text).
        public var isCodedInValueSet: Bool { code.map(CoverageInformation.assertionReasons.contains) ?? false }

        public var json: JSON {
            var concept = CodeableConcept(text: text)
            if let code, isCodedInValueSet { concept.codings = [Coding(system: CoverageInformation.codeSystem, code: code)] }
            return concept.json
        }
    }

    /// A `detail`: a coded fact about the coverage with its value.
    public enum Detail: Sendable, Hashable {
        case allowedQuantity(value: JSONNumber, unit: String?)
        case allowedPeriod(start: String?, end: String?)
        case policyLink(String)
        case instructions(String)

        public var code: String {
            switch self {
            case .allowedQuantity: "allowed-quantity"
            case .allowedPeriod: "allowed-period"
            case .policyLink: "policy-link"
            case .instructions: "instructions"
            }
        }

        var value: (key: String, value: JSON) {
            switch self {
            case .allowedQuantity(let value, let unit):
                var quantity: JSON = ["value": .number(value)]
                if let unit { quantity["unit"] = .string(unit) }
                return ("valueQuantity", quantity)
            case .allowedPeriod(let start, let end):
                var period: JSON = [:]
                if let start { period["start"] = .string(start) }
                if let end { period["end"] = .string(end) }
                return ("valuePeriod", period)
            case .policyLink(let url): return ("valueUrl", .string(url))
            case .instructions(let text): return ("valueString", .string(text))
            }
        }
    }

    /// The EHR's Coverage this answer is about.
    public var coverage: Reference
    public var covered: Covered
    public var paNeeded: PANeeded?
    public var docNeeded: [DocNeeded]
    public var docPurpose: [DocPurpose]
    public var infoNeeded: [InfoNeeded]
    public var billingCodes: [Coding]
    public var reasons: [Reason]
    public var details: [Detail]
    /// DTR questionnaire canonicals.
    public var questionnaires: [String]
    /// The day the assertion was made.
    public var date: String
    public var assertionID: String
    public var satisfiedPAID: String?
    public var expiryDate: String?

    public init(
        coverage: Reference, covered: Covered, paNeeded: PANeeded? = nil, docNeeded: [DocNeeded] = [],
        docPurpose: [DocPurpose] = [], infoNeeded: [InfoNeeded] = [], billingCodes: [Coding] = [],
        reasons: [Reason] = [], details: [Detail] = [], questionnaires: [String] = [], date: String,
        assertionID: String, satisfiedPAID: String? = nil, expiryDate: String? = nil
    ) {
        self.coverage = coverage
        self.covered = covered
        self.paNeeded = paNeeded
        self.docNeeded = docNeeded
        self.docPurpose = docPurpose
        self.infoNeeded = infoNeeded
        self.billingCodes = billingCodes
        self.reasons = reasons
        self.details = details
        self.questionnaires = questionnaires
        self.date = date
        self.assertionID = assertionID
        self.satisfiedPAID = satisfiedPAID
        self.expiryDate = expiryDate
    }

    /// The extension, sub-extensions in the profile's order.
    public var json: JSON {
        var parts: [JSON] = []
        func add(_ url: String, _ key: String, _ value: JSON) {
            parts.append(.object(JSONObject(uniqueMembers: [("url", .string(url)), (key, value)])))
        }
        add("coverage", "valueReference", coverage.json)
        add("covered", "valueCode", .string(covered.rawValue))
        if let paNeeded { add("pa-needed", "valueCode", .string(paNeeded.rawValue)) }
        for code in docNeeded { add("doc-needed", "valueCode", .string(code.rawValue)) }
        for code in docPurpose { add("doc-purpose", "valueCode", .string(code.rawValue)) }
        for code in infoNeeded { add("info-needed", "valueCode", .string(code.rawValue)) }
        for coding in billingCodes { add("billingCode", "valueCoding", coding.json) }
        for reason in reasons { add("reason", "valueCodeableConcept", reason.json) }
        for detail in details {
            let code = CodeableConcept(Coding(system: Self.codeSystem, code: detail.code)).json
            let value = detail.value
            parts.append([
                "url": "detail",
                "extension": [
                    ["url": "code", "valueCodeableConcept": code],
                    .object(JSONObject(uniqueMembers: [("url", "value"), (value.key, value.value)])),
                ],
            ])
        }
        for canonical in questionnaires { add("questionnaire", "valueCanonical", .string(canonical)) }
        add("date", "valueDate", .string(date))
        add("coverage-assertion-id", "valueString", .string(assertionID))
        if let satisfiedPAID { add("satisfied-pa-id", "valueString", .string(satisfiedPAID)) }
        if let expiryDate { add("expiry-date", "valueDate", .string(expiryDate)) }
        return ["url": .string(Self.url), "extension": .array(parts)]
    }

    /// The instructions detail, when there is one.
    public var instructions: String? {
        details.lazy.compactMap { if case .instructions(let text) = $0 { text } else { nil } }.first
    }

    /// The policy-link detail, when there is one.
    public var policyLink: String? {
        details.lazy.compactMap { if case .policyLink(let url) = $0 { url } else { nil } }.first
    }
}
