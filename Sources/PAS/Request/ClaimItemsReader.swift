import FHIR

/// `Claim.item` as a whole: 1..* items (none are needed when a Claim Update withdraws the
/// whole request), sequences unique, and the PAS invariant that an immediate appeal
/// (certificationType `1`) comes with a level of service on the Claim.
enum ClaimItemsReader {
    static func read(
        claim: JSON, entry: FHIRBundle.Entry, resolver: BundleResolver, wholeRequestCancelled: Bool,
        problems: inout BundleProblems
    ) -> [PASRequestItem] {
        let path = "\(PASBundleEnvelope.claimPath).item"
        let elements = claim["item"]?.array ?? []
        if elements.isEmpty, !wholeRequestCancelled {
            problems.add(.required, "A PAS Claim needs at least one item.", at: path)
        }
        let reader = ClaimItemReader(
            claimEntry: entry, resolver: resolver, diagnoses: ClaimDiagnoses(claim: claim, entry: entry, resolver: resolver))
        let hasLevelOfService = UrgencyClassifier.levelOfService(claim) != nil
        var items: [PASRequestItem] = []
        var firstIndexOfSequence: [Int: Int] = [:]
        for (index, element) in elements.enumerated() {
            let itemPath = "\(path)[\(index)]"
            if let sequence = element["sequence"]?.int, sequence > 0 {
                if let first = firstIndexOfSequence[sequence] {
                    problems.add(
                        .value, "Item sequence \(sequence) is used by item[\(first)] already; sequences must be unique.",
                        at: "\(itemPath).sequence")
                } else {
                    firstIndexOfSequence[sequence] = index
                }
            }
            guard let item = reader.read(element, at: itemPath, problems: &problems) else { continue }
            if item.certificationType == .immediateAppeal, !hasLevelOfService {
                let certificationPath = element.extensionIndex(url: PASVocabulary.Extension.certificationType)
                    .map { "\(itemPath).extension[\($0)]" } ?? itemPath
                problems.add(
                    .businessRule,
                    "An immediate appeal (certificationType 1) needs the Claim's levelOfServiceCode extension.",
                    at: certificationPath, "\(PASBundleEnvelope.claimPath).extension")
            }
            items.append(item)
        }
        return items
    }
}
