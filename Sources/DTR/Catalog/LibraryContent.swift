import FHIR
import Foundation

/// A Library's logic in `content`: its CQL (base64 `text/cql`) and the ELM translated from it
/// (base64 `application/elm+json`). DTR requires both: clients such as the reference SMART app
/// execute only ELM, and the CQL is what people read. Authors keep the CQL in a `.cql` file beside
/// the Library JSON, where it can be read and reviewed; the loader puts it in the resource and
/// adds the ELM our translator (the `CQL` target) makes of it, see ``LibraryTranslation``.
enum LibraryContent {
    static let cql = "text/cql"
    static let elm = "application/elm+json"

    /// `library` with the CQL of `cqlFile` added, when that file exists. A Library must end up
    /// with CQL, from the file or already in `content`, but not from both.
    static func withCQL(_ library: JSON, cqlFile: URL) throws(CatalogFileProblem) -> JSON {
        let content = library["content"]?.array ?? []
        let hasCQL = content.contains { $0["contentType"]?.string == cql && $0["data"]?.string != nil }
        guard FileManager.default.fileExists(atPath: cqlFile.path) else {
            guard hasCQL else { throw CatalogFileProblem("has no CQL: no \(cqlFile.lastPathComponent) beside it and no text/cql content") }
            return library
        }
        guard !hasCQL else { throw CatalogFileProblem("has text/cql content and a \(cqlFile.lastPathComponent) too; keep one") }
        let text: Data
        do {
            text = try Data(contentsOf: cqlFile)
        } catch {
            throw CatalogFileProblem("\(cqlFile.lastPathComponent) cannot be read: \(error.localizedDescription)")
        }
        guard let source = String(data: text, encoding: .utf8), !source.isEmpty else {
            throw CatalogFileProblem("\(cqlFile.lastPathComponent) is empty or not UTF-8")
        }
        if let name = library["name"]?.string, !source.contains("library \(name)") {
            throw CatalogFileProblem("\(cqlFile.lastPathComponent) does not declare library \(name)")
        }
        var result = library
        result["content"] = .array(content + [["contentType": .string(cql), "data": .string(text.base64EncodedString())]])
        return result
    }

    /// The CQL text in `content`, decoded; `nil` when there is none or it is not base64 UTF-8.
    static func cqlText(of library: JSON) -> String? {
        guard let data = library["content"]?.array?.first(where: { $0["contentType"]?.string == cql })?["data"]?.string,
            let bytes = Data(base64Encoded: data)
        else { return nil }
        return String(data: bytes, encoding: .utf8)
    }

    /// Whether `content` already has ELM JSON (an author may ship their own; it is kept).
    static func hasELM(_ library: JSON) -> Bool {
        (library["content"]?.array ?? []).contains { $0["contentType"]?.string == elm && $0["data"]?.string != nil }
    }

    /// `library` with `elm` added as `application/elm+json` content, unless it carries ELM already.
    static func withELM(_ library: JSON, elm document: JSON) -> JSON {
        guard !hasELM(library) else { return library }
        var result = library
        let entry: JSON = ["contentType": .string(elm), "data": .string(document.serializedData().base64EncodedString())]
        result["content"] = .array((library["content"]?.array ?? []) + [entry])
        return result
    }

    /// The Library's ELM document, decoded; `nil` when it has no ELM content or it cannot be read.
    static func elmDocument(of library: JSON) -> JSON? {
        guard let data = library["content"]?.array?.first(where: { $0["contentType"]?.string == elm })?["data"]?.string,
            let bytes = Data(base64Encoded: data)
        else { return nil }
        return try? JSON.parse(data: bytes)
    }

    /// The names of the expression definitions in the Library's ELM (functions left out); `nil`
    /// when it has no ELM content or the ELM cannot be read.
    static func elmDefinitionNames(of library: JSON) -> Set<String>? {
        guard let statements = elmDocument(of: library)?["library"]?["statements"]?["def"]?.array else { return nil }
        return Set(statements.filter { $0["type"]?.string != "FunctionDef" }.compactMap { $0["name"]?.string })
    }
}

extension DTRArtifact {
    /// A Library's ELM as served (`application/elm+json` content), for `greenlight questionnaires elm`.
    public var elm: JSON? { LibraryContent.elmDocument(of: resource) }
}
