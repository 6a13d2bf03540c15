import FHIR

/// The Claim header rules every PAS Claim (request, update, inquiry) follows:
/// `use` = preauthorization and `status` = active.
enum ClaimHeaderCheck {
    static func check(_ claim: JSON, problems: inout BundleProblems) {
        let path = PASBundleEnvelope.claimPath
        expect(claim, "use", "preauthorization", path: path, problems: &problems)
        expect(claim, "status", "active", path: path, problems: &problems)
    }

    private static func expect(_ claim: JSON, _ element: String, _ wanted: String, path: String, problems: inout BundleProblems) {
        guard let found = claim[element]?.string else {
            problems.add(.required, "Claim.\(element) is required and must be \(wanted).", at: "\(path).\(element)")
            return
        }
        if found != wanted {
            problems.add(.value, "Claim.\(element) must be \(wanted) for prior authorization; found \"\(found)\".", at: "\(path).\(element)")
        }
    }
}
