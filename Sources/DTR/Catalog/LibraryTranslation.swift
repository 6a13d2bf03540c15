import CQL
import FHIR

/// Translates the catalog's Libraries' CQL to ELM at load, each with the Libraries it includes
/// resolved among the others (so `Common.MostRecent(…)` is checked against GreenlightDTRCommon's
/// real functions), and adds the ELM to the Library's `content`.
///
/// A Library whose CQL does not translate is refused with the translator's `line:column` reason,
/// and so is a Library whose CQL includes one that is refused or missing.
enum LibraryTranslation {
    struct Refusal {
        var library: DTRArtifact
        var message: String
    }

    /// `libraries` with ELM added, and those refused.
    static func translate(_ libraries: [DTRArtifact]) -> (accepted: [DTRArtifact], refused: [Refusal]) {
        var session = Session(libraries: libraries)
        var accepted: [DTRArtifact] = []
        var refused: [Refusal] = []
        for library in libraries {
            switch session.translated(library) {
            case .success(let translated): accepted.append(translated.artifact)
            case .failure(let refusal): refused.append(Refusal(library: library, message: refusal.message))
            }
        }
        return (accepted, refused)
    }

    /// The names of the Libraries a Library's CQL includes (empty when it has none or does not parse).
    static func includedNames(of library: DTRArtifact) -> [String] {
        guard let source = LibraryContent.cqlText(of: library.resource), let header = try? CQLTranslator.header(of: source) else { return [] }
        return header.includes.map(\.path)
    }

    struct Failure: Error {
        var message: String
    }

    /// One load's translations, remembered so a shared library is translated once.
    private struct Session {
        let libraries: [DTRArtifact]
        var done: [String: Result<(artifact: DTRArtifact, interface: CQLLibraryInterface), Failure>] = [:]
        var inProgress: Set<String> = []

        init(libraries: [DTRArtifact]) {
            self.libraries = libraries
        }

        mutating func translated(_ library: DTRArtifact) -> Result<(artifact: DTRArtifact, interface: CQLLibraryInterface), Failure> {
            if let result = done[library.source] { return result }
            let result = translate(library)
            done[library.source] = result
            return result
        }

        private mutating func translate(_ library: DTRArtifact) -> Result<(artifact: DTRArtifact, interface: CQLLibraryInterface), Failure> {
            guard let source = LibraryContent.cqlText(of: library.resource) else {
                return .failure(Failure(message: "its text/cql content is not base64 UTF-8 text"))
            }
            guard inProgress.insert(library.source).inserted else {
                return .failure(Failure(message: "its CQL includes itself, through other Libraries"))
            }
            defer { inProgress.remove(library.source) }
            let header: LibraryHeader
            do {
                header = try CQLTranslator.header(of: source)
            } catch {
                return .failure(Failure(message: "its CQL does not translate: \(error)"))
            }
            if let declared = header.name, let name = library.resource["name"]?.string, declared != name {
                return .failure(Failure(message: "its CQL declares library \(declared), not \(name)"))
            }
            if let declared = header.version, let version = library.resource["version"]?.string, declared != version {
                return .failure(Failure(message: "its CQL declares version '\(declared)', but the Library's version is \(version)"))
            }
            // Translate the included Libraries first; a refused one refuses this one too.
            var interfaces: [String: CQLLibraryInterface] = [:]
            for include in header.includes {
                guard let included = libraries.first(where: { Self.matches($0, include) }) else { continue }  // the translator reports it
                switch translated(included) {
                case .success(let result): interfaces[include.path] = result.interface
                case .failure:
                    return .failure(Failure(message: "its CQL includes \(include.path), whose Library (\(included.source)) is refused"))
                }
            }
            do {
                let translation = try CQLTranslator.translate(source) { path, version in
                    guard let interface = interfaces[path], version == nil || interface.version == version else { return nil }
                    return interface
                }
                var artifact = library
                artifact.resource = LibraryContent.withELM(library.resource, elm: translation.elm)
                return .success((artifact, translation.interface))
            } catch {
                return .failure(Failure(message: "its CQL does not translate: \(error)"))
            }
        }

        private static func matches(_ library: DTRArtifact, _ include: LibraryHeader.Include) -> Bool {
            guard library.resource["name"]?.string == include.path else { return false }
            return include.version == nil || library.resource["version"]?.string == include.version
        }
    }
}
