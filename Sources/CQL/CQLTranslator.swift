import FHIR

/// Translates CQL 1.5 source (against FHIR 4.0.1, without FHIRHelpers) to ELM JSON, the form DTR
/// clients execute.
///
/// ```swift
/// let common = try CQLTranslator.translate(commonSource)
/// let form = try CQLTranslator.translate(formSource) { path, version in
///     path == "GreenlightDTRCommon" ? common.interface : nil
/// }
/// form.elm   // {"library": {"identifier": …, "statements": …}}
/// ```
///
/// Errors are ``CQLError``s with the line and column of the offending text.
public enum CQLTranslator {
    /// Finds an included library's interface by name and version (`nil` version: any).
    public typealias IncludeResolver = (_ path: String, _ version: String?) -> CQLLibraryInterface?

    public static func translate(_ source: String, includes: IncludeResolver = { _, _ in nil }) throws(CQLError) -> TranslatedLibrary {
        let library = try Parser.library(source)
        let translator = try LibraryTranslator(library, includes: includes)
        return try translator.translate()
    }

    /// The `library X version 'v'` and `include` declarations of a source, read without translating it,
    /// so that a caller can translate included libraries first.
    public static func header(of source: String) throws(CQLError) -> LibraryHeader {
        let library = try Parser.library(source)
        return LibraryHeader(
            name: library.name, version: library.version,
            includes: library.includes.map { LibraryHeader.Include(path: $0.path, version: $0.version, alias: $0.alias) })
    }
}

/// A library's name, version and includes.
public struct LibraryHeader: Sendable, Hashable {
    public struct Include: Sendable, Hashable {
        public var path: String
        public var version: String?
        public var alias: String
    }
    public var name: String?
    public var version: String?
    public var includes: [Include]
}

/// The result of a translation.
public struct TranslatedLibrary: Sendable {
    /// `{"library": {…}}`, the ELM JSON document.
    public let elm: JSON
    /// What an including library may use.
    public let interface: CQLLibraryInterface
}
