/// The numbers a PAS answer gives out per item, derived from the case id and the item's
/// sequence so that every answer about the same case (the first response, a later inquiry, a
/// subscription notification) repeats the same numbers without storing them.
///
/// Case ids are `GL-` plus a 26-character ULID, so both numbers stay well under the 50
/// characters X12 allows for HCR03 and REF02.
enum PASResponseNumbering {
    /// The item review number (HCR03, `extension-reviewAction.number`): `<case id>-<sequence>`.
    static func reviewNumber(caseID: String, sequence: Int) -> String {
        "\(caseID)-\(sequence)"
    }

    /// The administration reference number of a pended item (REF-NT,
    /// `extension-administrationReferenceNumber`): `<case id>-P<sequence>`. The `P` keeps it
    /// distinct from the review number the item gets once decided.
    static func administrationReferenceNumber(caseID: String, sequence: Int) -> String {
        "\(caseID)-P\(sequence)"
    }
}
