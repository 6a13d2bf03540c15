/// X12 1322 Certification Type Code (UM02), carried by the PAS `certificationType` extension
/// on each item and, on a Claim Update, on the Claim itself.
public enum PASCertificationType: String, Sendable, Hashable, Codable, CaseIterable {
    case initial = "I"
    /// An appeal that must be decided as fast as an expedited request.
    case immediateAppeal = "1"
    case standardAppeal = "2"
    /// The item (or, at Claim level, the whole request) is withdrawn.
    case cancel = "3"
    case `extension` = "4"
    case renewal = "R"
    case revised = "S"
}
