import FHIR
import Foundation

/// A Library's CQL in `content` (base64 `text/cql`). Authors keep the CQL in a `.cql` file beside
/// the Library JSON, where it can be read and reviewed; the loader puts it in the resource.
enum LibraryContent {
    static let cql = "text/cql"

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
}
