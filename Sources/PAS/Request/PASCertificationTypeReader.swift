import FHIR

/// The value of a `certificationType` extension (item or Claim level): a coding whose code is
/// one of X12 1322's I, 1, 2, 3, 4, R, S.
enum PASCertificationTypeReader {
    static func read(_ extensionElement: JSON?, at path: String, problems: inout BundleProblems) -> PASCertificationType? {
        guard let code = extensionElement?["valueCodeableConcept"]?.firstCodedCoding?.code else {
            problems.add(.required, "certificationType needs a valueCodeableConcept with a code.", at: "\(path).valueCodeableConcept")
            return nil
        }
        guard let type = PASCertificationType(rawValue: code) else {
            let allowed = PASCertificationType.allCases.map(\.rawValue).joined(separator: ", ")
            problems.add(.value, "certificationType \"\(code)\" is not an X12 1322 code (\(allowed)).", at: "\(path).valueCodeableConcept")
            return nil
        }
        return type
    }
}
