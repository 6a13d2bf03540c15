import Crypto
import FHIR
import Foundation

/// The files of a rules directory, read into memory in one pass so a reload sees one
/// consistent snapshot (and the version hashes match the bytes actually loaded).
struct RuleFiles: Sendable {
    struct PolicyFile: Sendable {
        /// Relative to the rules directory, `/`-separated: the Lua chunk name.
        var path: String
        var bytes: [UInt8]
        /// SHA-256 of `bytes`, lowercase hex.
        var version: String
    }

    var policies: [PolicyFile] = []
    /// Name (file name without `.json`) → parsed JSON.
    var valueSets: [(name: String, value: JSON)] = []
    var data: [(name: String, value: JSON)] = []
    var problems: [RuleProblem] = []

    static func read(_ directory: URL) -> RuleFiles {
        var files = RuleFiles()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            files.problems.append(RuleProblem(file: directory.path, message: "no such directory"))
            return files
        }
        for path in listFiles(directory, under: "policies", extension: "lua") {
            do {
                let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(path)))
                files.policies.append(PolicyFile(path: path, bytes: bytes, version: sha256Hex(bytes)))
            } catch {
                files.problems.append(RuleProblem(file: path, message: "cannot read: \(error.localizedDescription)"))
            }
        }
        files.valueSets = readJSON(directory, under: "valuesets", problems: &files.problems)
        files.data = readJSON(directory, under: "data", problems: &files.problems)
        return files
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func readJSON(
        _ directory: URL, under folder: String, problems: inout [RuleProblem]
    ) -> [(name: String, value: JSON)] {
        var result: [(name: String, value: JSON)] = []
        for path in listFiles(directory, under: folder, extension: "json") {
            let name = String(path.dropFirst(folder.count + 1).dropLast(5))
            do {
                let data = try Data(contentsOf: directory.appendingPathComponent(path))
                result.append((name, try JSON.parse(data: data)))
            } catch let error as JSONParseError {
                problems.append(RuleProblem(file: path, line: error.line, message: "column \(error.column): \(error.message)"))
            } catch {
                problems.append(RuleProblem(file: path, message: "cannot read: \(error.localizedDescription)"))
            }
        }
        return result
    }

    /// Relative paths of the files with this extension under `folder`, recursively, sorted.
    static func listFiles(_ directory: URL, under folder: String, extension pathExtension: String) -> [String] {
        let root = directory.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        let rootPath = root.standardizedFileURL.path
        var paths: [String] = []
        for case let url as URL in walker where url.pathExtension == pathExtension {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(rootPath + "/") else { continue }
            paths.append(folder + "/" + full.dropFirst(rootPath.count + 1))
        }
        return paths.sorted()
    }
}
