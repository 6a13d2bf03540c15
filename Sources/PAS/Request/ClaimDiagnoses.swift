import FHIR

/// `Claim.diagnosis`, read once per request: each diagnosis's codings by its `sequence`, from
/// `diagnosisCodeableConcept` or the `code` of the Condition `diagnosisReference` names. Items
/// point at them with `diagnosisSequence`; an item that names none is taken to have them all,
/// as an X12 278's request-level diagnoses apply to every service in it.
struct ClaimDiagnoses: Sendable {
    private var codingsBySequence: [(sequence: Int, codings: [Coding])] = []

    init(claim: JSON, entry: FHIRBundle.Entry, resolver: BundleResolver) {
        for diagnosis in claim["diagnosis"]?.array ?? [] {
            guard let sequence = diagnosis["sequence"]?.int else { continue }
            let concept = diagnosis["diagnosisCodeableConcept"]
                ?? resolver.resolve(element: diagnosis["diagnosisReference"], from: entry)?["code"]
            codingsBySequence.append((sequence, concept.flatMap(CodeableConcept.init(json:))?.codings ?? []))
        }
    }

    /// The codings of the diagnoses `item` names (all of them when it names none). A sequence
    /// that names no diagnosis is a problem.
    func codings(for item: JSON, at path: String, problems: inout BundleProblems) -> [Coding] {
        guard let named = item["diagnosisSequence"]?.array, !named.isEmpty else {
            return codingsBySequence.flatMap(\.codings)
        }
        var codings: [Coding] = []
        for (index, value) in named.enumerated() {
            guard let sequence = value.int, let diagnosis = codingsBySequence.first(where: { $0.sequence == sequence }) else {
                problems.add(
                    .value, "diagnosisSequence \(value.serializedString()) names no Claim.diagnosis sequence.",
                    at: "\(path).diagnosisSequence[\(index)]")
                continue
            }
            codings += diagnosis.codings
        }
        return codings
    }
}
