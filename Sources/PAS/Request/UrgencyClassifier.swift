import CaseStore
import FHIR

/// Decides how fast a request must be decided (pas-dtr.md §1.3, CMS-0057-F).
///
/// PAS leaves `Claim.priority` alone — every IG example says `normal`, even with level of
/// service U — so the X12 level of service decides: U (urgent) or 03 (emergency) is expedited,
/// as is an immediate appeal (certificationType `1`). `priority` = stat counts only when no
/// level of service is given; anything else is standard.
enum UrgencyClassifier {
    static let expeditedLevels: [String: String] = ["U": "urgent", "03": "emergency"]

    /// The Claim's level of service code (X12 1338), under either extension name.
    static func levelOfService(_ claim: JSON) -> Coding? {
        claim.extensionCoding(url: PASVocabulary.Extension.levelOfServiceCode)
            ?? claim.extensionCoding(url: PASVocabulary.Extension.levelOfServiceType)
    }

    static func classify(claim: JSON, claimCertification: PASCertificationType?, items: [PASRequestItem]) -> PASUrgency {
        let level = levelOfService(claim)?.code
        if let level, let meaning = expeditedLevels[level] {
            return PASUrgency(.expedited, reason: "levelOfServiceCode \(level) (\(meaning))")
        }
        if claimCertification == .immediateAppeal {
            return PASUrgency(.expedited, reason: "Claim certificationType 1 (immediate appeal)")
        }
        if let appeal = items.first(where: { $0.certificationType == .immediateAppeal }) {
            return PASUrgency(.expedited, reason: "item \(appeal.sequence) certificationType 1 (immediate appeal)")
        }
        if level == nil, claim["priority"]?.firstCodedCoding?.code == "stat" {
            return PASUrgency(.expedited, reason: "priority stat, no level of service given")
        }
        if let level {
            return PASUrgency(.standard, reason: "levelOfServiceCode \(level)")
        }
        return PASUrgency(.standard, reason: "no urgent level of service")
    }
}
