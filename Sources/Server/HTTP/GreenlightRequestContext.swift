import Hummingbird
import Logging

/// Per-request state carried through middleware and handlers.
///
/// Hummingbird copies the context through the middleware chain, so later concerns
/// (the authenticated caller, the FHIR version asked for) become stored properties here.
public struct GreenlightRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    /// FHIR payloads such as PAS Bundles with attachments are larger than Hummingbird's 2 MiB default.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
