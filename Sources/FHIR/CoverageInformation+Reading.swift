extension CoverageInformation {
    /// Reads an extension back (the one ``json`` wrote, as the case store keeps it); `nil` when
    /// it is not a coverage-information extension or lacks a required part (coverage, covered,
    /// date, coverage-assertion-id). Codes this model does not know and `detail`s other than
    /// the four it writes are left out.
    public init?(json: JSON) {
        guard json["url"]?.string == Self.url,
            let coverage = json.subExtensionValues("coverage").first.flatMap(Reference.init(json:)),
            let covered = json.subExtensionCode("covered").flatMap(Covered.init(rawValue:)),
            let date = json.subExtensionCode("date"),
            let assertionID = json.subExtensionCode("coverage-assertion-id")
        else { return nil }
        self.init(
            coverage: coverage, covered: covered,
            paNeeded: json.subExtensionCode("pa-needed").flatMap(PANeeded.init(rawValue:)),
            docNeeded: json.subExtensionCodes("doc-needed").compactMap(DocNeeded.init(rawValue:)),
            docPurpose: json.subExtensionCodes("doc-purpose").compactMap(DocPurpose.init(rawValue:)),
            infoNeeded: json.subExtensionCodes("info-needed").compactMap(InfoNeeded.init(rawValue:)),
            billingCodes: json.subExtensionValues("billingCode").compactMap(Coding.init(json:)),
            reasons: json.subExtensionValues("reason").compactMap(CodeableConcept.init(json:)).map { concept in
                Reason(code: concept.codings.first { $0.system == Self.codeSystem }?.code, text: concept.text)
            },
            details: json.subExtensionValues("detail").compactMap(Detail.init(json:)),
            questionnaires: json.subExtensionCodes("questionnaire"),
            date: date, assertionID: assertionID,
            satisfiedPAID: json.subExtensionCode("satisfied-pa-id"),
            expiryDate: json.subExtensionCode("expiry-date"))
    }
}

extension CoverageInformation.Detail {
    /// A `detail` sub-extension (`code` and `value`) of a kind this model writes.
    init?(json: JSON) {
        let code = json.subExtensionValues("code").first.flatMap(CodeableConcept.init(json:))?.codings.first?.code
        guard let value = json.extension(url: "value") else { return nil }
        switch code {
        case "allowed-quantity":
            guard let quantity = value["valueQuantity"], let amount = quantity["value"]?.number else { return nil }
            self = .allowedQuantity(value: amount, unit: quantity["unit"]?.string)
        case "allowed-period":
            guard let period = value["valuePeriod"] else { return nil }
            self = .allowedPeriod(start: period["start"]?.string, end: period["end"]?.string)
        case "policy-link":
            guard let url = value["valueUrl"]?.string else { return nil }
            self = .policyLink(url)
        case "instructions":
            guard let text = value["valueString"]?.string else { return nil }
            self = .instructions(text)
        default:
            return nil
        }
    }
}

extension CoverageInformation {
    /// The CRD `coverage-assertion-id` a resource (an order, a QuestionnaireResponse) names: that
    /// of its first `coverage-information` extension carrying one, with the extension's index
    /// in `extension` (to name it in an OperationOutcome).
    public static func assertionID(on resource: JSON) -> (id: String, index: Int)? {
        for (index, element) in (resource["extension"]?.array ?? []).enumerated() where element["url"]?.string == url {
            if let id = element.extension(url: "coverage-assertion-id")?["valueString"]?.string { return (id, index) }
        }
        return nil
    }
}
