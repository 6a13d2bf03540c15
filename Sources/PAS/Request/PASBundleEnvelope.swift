import CaseStore
import FHIR

/// The Bundle-level rules shared by the PAS request and inquiry Bundles: a `collection` with
/// an identifier and a timestamp, entries with `fullUrl` and `resource` and nothing of a
/// transaction or search, and a Claim **first**.
struct PASBundleEnvelope: Sendable {
    /// FHIRPath of the Claim: the first entry's resource.
    static let claimPath = "Bundle.entry[0].resource"

    var bundle: FHIRBundle
    var identifier: RequestIdentifier?
    var timestamp: FHIRInstant?
    /// The first entry, when its resource is a Claim.
    var claimEntry: FHIRBundle.Entry?

    /// Checks `json` (a Bundle), reporting every problem in `problems`. `kind` names the
    /// Bundle in messages ("request", "inquiry").
    init(checking json: JSON, kind: String, problems: inout BundleProblems) throws(PASRequestError) {
        do {
            bundle = try FHIRBundle(json: json)
        } catch {
            throw PASRequestError(.badRequest, error)
        }
        if json["type"]?.string != FHIRBundle.BundleType.collection.rawValue {
            let found = json["type"]?.string.map { "\"\($0)\"" } ?? "nothing"
            problems.add(.value, "A PAS \(kind) Bundle must have type collection; found \(found).", at: "Bundle.type")
        }
        identifier = Self.readIdentifier(json, problems: &problems)
        timestamp = Self.readTimestamp(json, problems: &problems)
        let entries = Self.checkEntries(json, kind: kind, problems: &problems)
        claimEntry = Self.findClaim(entries, kind: kind, problems: &problems)
    }

    private static func readIdentifier(_ json: JSON, problems: inout BundleProblems) -> RequestIdentifier? {
        guard let identifier = json["identifier"] else {
            problems.add(.required, "Bundle.identifier (the submitter's transaction number) is required.", at: "Bundle.identifier")
            return nil
        }
        guard let value = identifier["value"]?.string, !value.isEmpty else {
            problems.add(.required, "Bundle.identifier must have a value.", at: "Bundle.identifier.value")
            return nil
        }
        return RequestIdentifier(system: identifier["system"]?.string ?? "", value: value)
    }

    private static func readTimestamp(_ json: JSON, problems: inout BundleProblems) -> FHIRInstant? {
        guard let text = json["timestamp"]?.string else {
            problems.add(.required, "Bundle.timestamp is required.", at: "Bundle.timestamp")
            return nil
        }
        guard let instant = FHIRInstant(text) else {
            problems.add(
                .value, "Bundle.timestamp must be an instant with seconds and a time zone; found \"\(text)\".",
                at: "Bundle.timestamp")
            return nil
        }
        return instant
    }

    /// The entries, after checking each has `fullUrl` and `resource` and no transaction or search parts.
    private static func checkEntries(_ json: JSON, kind: String, problems: inout BundleProblems) -> [JSON] {
        guard let entries = json["entry"]?.array, !entries.isEmpty else {
            problems.add(.required, "A PAS \(kind) Bundle needs entries, the Claim first.", at: "Bundle.entry")
            return []
        }
        for (index, entry) in entries.enumerated() {
            let path = "Bundle.entry[\(index)]"
            if entry["fullUrl"]?.string?.isEmpty != false {
                problems.add(.required, "Every entry needs a fullUrl.", at: "\(path).fullUrl")
            }
            if entry["resource"]?.object == nil {
                problems.add(.required, "Every entry needs a resource.", at: "\(path).resource")
            }
            for part in ["request", "response", "search"] where entry[part] != nil {
                problems.add(.structure, "Entries of a PAS \(kind) Bundle must not have \(part).", at: "\(path).\(part)")
            }
        }
        return entries
    }

    /// The first entry when it holds a Claim; otherwise reports where the Claim is, if anywhere.
    private static func findClaim(_ entries: [JSON], kind: String, problems: inout BundleProblems) -> FHIRBundle.Entry? {
        guard let first = entries.first else { return nil }
        if first["resource"]?.resourceType == "Claim" { return FHIRBundle.Entry(json: first) }
        if let index = entries.firstIndex(where: { $0["resource"]?.resourceType == "Claim" }) {
            problems.add(
                .invalid, "The Claim must be the first entry of a PAS \(kind) Bundle; it is entry \(index).",
                at: claimPath, "Bundle.entry[\(index)].resource")
        } else {
            problems.add(.required, "A PAS \(kind) Bundle must hold a Claim as its first entry; it has none.", at: claimPath)
        }
        return nil
    }
}
