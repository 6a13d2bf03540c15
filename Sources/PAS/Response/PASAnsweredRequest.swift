import FHIR

/// The PAS request Bundle being answered, read for what an answer echoes: the Claim (the first
/// entry, as PAS requires), its items, and the entries its header references point to.
///
/// The Bundle was validated before a case was opened; this view only refuses what would make
/// an answer impossible (no Claim first). References resolve as the reader resolved them
/// (``BundleResolver``), so every entry the request was accepted with is found again.
struct PASAnsweredRequest: Sendable {
    let bundle: FHIRBundle
    let resolver: BundleResolver
    let claimEntry: FHIRBundle.Entry
    let claim: JSON
    /// The entries the Claim's `patient`, `insurer` and `provider` point to, resolved once: an
    /// answer names each twice (in the ClaimResponse and among the echoed entries).
    private let headerEntries: [String: FHIRBundle.Entry]

    /// The Claim header elements an answer echoes.
    static let headerElements = ["patient", "insurer", "provider"]

    init(_ json: JSON) throws(OperationOutcome) {
        try self.init(BundleResolver(FHIRBundle(json: json)))
    }

    /// The request as its reader indexed it: a submission is answered without reading the
    /// Bundle twice.
    init(_ resolver: BundleResolver) throws(OperationOutcome) {
        let bundle = resolver.bundle
        guard let first = bundle.entries.first, let claim = first.resource, claim.resourceType == "Claim" else {
            throw .error(.invalid, "The PAS request Bundle's first entry must be the Claim.", expression: ["Bundle.entry[0]"])
        }
        self.bundle = bundle
        self.resolver = resolver
        self.claimEntry = first
        self.claim = claim
        var headerEntries: [String: FHIRBundle.Entry] = [:]
        for element in Self.headerElements {
            guard let reference = claim[element].flatMap(Reference.init(json:)),
                let entry = resolver.entry(resolving: reference, from: first)
            else { continue }
            headerEntries[element] = entry
        }
        self.headerEntries = headerEntries
    }

    /// The Claim's items in request order.
    var items: [JSON] { claim["item"]?.array ?? [] }

    /// The request Bundle's `identifier` (the submitter's transaction number).
    var bundleIdentifier: JSON? { bundle.json["identifier"] }

    /// A reference to the Claim: its `fullUrl` (or `Claim/id` without one) and its first
    /// business identifier, written as the request wrote it.
    var claimReference: JSON {
        var reference: JSON = [:]
        if let fullUrl = claimEntry.fullUrl {
            reference["reference"] = .string(fullUrl)
        } else if let address = claim.address {
            reference["reference"] = .string(address.relative)
        }
        if let identifier = claim["identifier"]?[0] {
            reference["identifier"] = identifier
        }
        return reference
    }

    /// The entry a Reference element written in the Claim points to.
    func entry(pointedToBy element: JSON?) -> FHIRBundle.Entry? {
        guard let reference = element.flatMap(Reference.init(json:)) else { return nil }
        return resolver.entry(resolving: reference, from: claimEntry)
    }

    /// The entry a Claim header reference (one of ``headerElements``) points to.
    func entry(referencedBy element: String) -> FHIRBundle.Entry? {
        headerEntries[element]
    }

    /// The entries the Claim's `insurance.coverage` references point to, in order.
    var coverageEntries: [FHIRBundle.Entry] {
        (claim["insurance"]?.array ?? []).compactMap { entry(pointedToBy: $0["coverage"]) }
    }

    /// A reference for an answer to write in place of the Claim's `element`: the target
    /// entry's `fullUrl`, so it resolves inside the answer that echoes that entry; the Claim's
    /// own reference when the target is not in the Bundle.
    func echoedReference(for element: String) -> JSON? {
        if let fullUrl = entry(referencedBy: element)?.fullUrl {
            return ["reference": .string(fullUrl)]
        }
        return claim[element]
    }
}
