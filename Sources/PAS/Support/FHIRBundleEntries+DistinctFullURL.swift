import FHIR

extension Array where Element == FHIRBundle.Entry {
    /// The entries with each `fullUrl` kept once, at its first place (entries without a
    /// `fullUrl` are all kept): a Bundle must not list the same resource twice, and an answer
    /// echoing what several references point to easily would.
    public func distinctByFullURL() -> [FHIRBundle.Entry] {
        var seen = Set<String>()
        return filter { entry in entry.fullUrl.map { seen.insert($0).inserted } ?? true }
    }
}
