import CaseStore
import FHIR

/// One `Claim.item` of a PAS request, checked against the PAS Claim profile: a positive
/// `sequence`, a `category`, a coded `productOrService`, the `certificationType` and
/// `serviceItemRequestType` extensions, a decimal quantity and full service dates.
struct ClaimItemReader: Sendable {
    let claimEntry: FHIRBundle.Entry
    let resolver: BundleResolver
    let diagnoses: ClaimDiagnoses

    /// The item at `path`, or `nil` when something required is missing or wrong (reported).
    func read(_ item: JSON, at path: String, problems: inout BundleProblems) -> PASRequestItem? {
        guard item.object != nil else {
            problems.add(.structure, "A Claim item must be a JSON object.", at: path)
            return nil
        }
        let before = problems.issues.count
        let sequence = Self.readSequence(item, at: path, problems: &problems)
        let category = item["category"]?.firstCodedCoding
        if category == nil {
            problems.add(.required, "Every item needs a category (X12 1365 service type) with a code.", at: "\(path).category")
        }
        let service = Self.serviceCodes(item["productOrService"]).first
        if service == nil {
            problems.add(.required, "Every item needs a productOrService coding with a system and a code.", at: "\(path).productOrService")
        }
        let certificationType = Self.readCertificationType(item, at: path, problems: &problems)
        let requestType = item.extensionCoding(url: PASVocabulary.Extension.serviceItemRequestType)
        if requestType == nil {
            problems.add(
                .required, "Every item needs the serviceItemRequestType extension (X12 1525) with a code.",
                at: "\(path).extension")
        }
        let quantity = Self.readQuantity(item, at: path, problems: &problems)
        let serviced = ServicedDateReader.read(item, at: path, problems: &problems)
        var itemDiagnoses = diagnoses.codings(for: item, at: path, problems: &problems)
        guard problems.issues.count == before, let sequence, let category, let service, let certificationType, let requestType
        else { return nil }

        let order = resolver.resolve(
            element: item.extension(url: PASVocabulary.Extension.requestedService)?["valueReference"], from: claimEntry)
        let coverageInformation = order?.extensions(url: CoverageInformation.url) ?? []
        if let order { itemDiagnoses += reasonCodings(of: order) }
        return PASRequestItem(
            sequence: sequence, category: category, service: service,
            modifiers: (item["modifier"]?.array ?? []).flatMap { Self.serviceCodes($0) },
            quantity: quantity, serviced: serviced, location: item["locationCodeableConcept"]?.firstCodedCoding,
            certificationType: certificationType, requestType: requestType,
            traceNumbers: item.extensions(url: PASVocabulary.Extension.itemTraceNumber)
                .compactMap { $0["valueIdentifier"].flatMap(Identifier.init(json:)) },
            authorizationNumber: item.extension(url: PASVocabulary.Extension.authorizationNumber)?["valueString"]?.string,
            administrationReferenceNumber: item.extension(url: PASVocabulary.Extension.administrationReferenceNumber)?[
                "valueString"]?.string,
            isCancelled: item.extensions(url: PASVocabulary.Extension.infoCancelled)
                .contains { $0["valueBoolean"]?.bool == true }
                || (item["modifierExtension"]?.array ?? []).contains {
                    $0["url"]?.string == PASVocabulary.Extension.infoCancelled && $0["valueBoolean"]?.bool == true
                },
            infoChanged: item.extension(url: PASVocabulary.Extension.infoChanged)?["valueCode"]?.string
                .flatMap(PASInfoChange.init(rawValue:)),
            requestedService: order, diagnoses: itemDiagnoses,
            coverageAssertionIDs: coverageInformation.flatMap { $0.subExtensionStrings(PASVocabulary.CRD.coverageAssertionID) },
            satisfiedPAIDs: coverageInformation.flatMap { $0.subExtensionStrings(PASVocabulary.CRD.satisfiedPAID) })
    }

    /// The codings of the order's `reasonCode`s and of the Conditions its `reasonReference`s name.
    private func reasonCodings(of order: JSON) -> [Coding] {
        let concepts = order.values(at: "reasonCode")
            + order.values(at: "reasonReference").compactMap { resolver.resolve(element: $0, from: claimEntry)?["code"] }
        return concepts.flatMap { CodeableConcept(json: $0)?.codings ?? [] }
    }

    /// The codings of a CodeableConcept that have both a system and a code, as service codes.
    static func serviceCodes(_ concept: JSON?) -> [ServiceCode] {
        (concept?["coding"]?.array ?? []).compactMap { coding in
            guard let system = coding["system"]?.string, let code = coding["code"]?.string, !code.isEmpty else { return nil }
            return ServiceCode(system: system, code: code)
        }
    }

    static func readSequence(_ item: JSON, at path: String, problems: inout BundleProblems) -> Int? {
        guard let value = item["sequence"] else {
            problems.add(.required, "Every item needs a sequence.", at: "\(path).sequence")
            return nil
        }
        guard let sequence = value.int, sequence > 0 else {
            problems.add(.value, "An item sequence must be a positive integer; found \(value.serializedString()).", at: "\(path).sequence")
            return nil
        }
        return sequence
    }

    /// The item's `certificationType` (X12 1322), required on every PAS item.
    static func readCertificationType(_ item: JSON, at path: String, problems: inout BundleProblems) -> PASCertificationType? {
        guard let index = item.extensionIndex(url: PASVocabulary.Extension.certificationType) else {
            problems.add(
                .required, "Every item needs the certificationType extension (X12 1322: I, 1, 2, 3, 4, R or S).",
                at: "\(path).extension")
            return nil
        }
        return PASCertificationTypeReader.read(item["extension"]?[index], at: "\(path).extension[\(index)]", problems: &problems)
    }

    private static func readQuantity(_ item: JSON, at path: String, problems: inout BundleProblems) -> CaseQuantity? {
        guard let quantity = item["quantity"] else { return nil }
        guard let value = quantity["value"] else {
            return nil
        }
        guard let number = value.number else {
            problems.add(.value, "quantity.value must be a decimal number; found \(value.serializedString()).", at: "\(path).quantity.value")
            return nil
        }
        return CaseQuantity(value: number.literal, unit: quantity["unit"]?.string ?? quantity["code"]?.string)
    }
}
