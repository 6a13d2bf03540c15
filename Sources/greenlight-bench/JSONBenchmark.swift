import ArgumentParser
import FHIR
import Foundation

/// Parse and serialize throughput of the FHIR JSON value type over the official examples,
/// against Foundation's `JSONSerialization` on the same bytes.
///
/// Foundation is the baseline because it is what a Swift server reaches for first; it loses
/// decimal precision and member order, which is why Greenlight has its own type. The ratio
/// shows what that correctness costs (or saves).
struct JSONBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json",
        abstract: "FHIR JSON parse/serialize throughput vs Foundation JSONSerialization."
    )

    @Option(help: "Folder of FHIR JSON files to use (searched recursively).")
    var examples: String = "Fixtures/ig-examples"

    @Option(help: "How many passes over all files.")
    var passes: Int = 20

    func validate() throws {
        guard passes > 0 else { throw ValidationError("--passes must be at least 1") }
    }

    func run() throws {
        let files = try Self.jsonFiles(under: URL(fileURLWithPath: examples))
        guard !files.isEmpty else { throw ValidationError("no .json files under \(examples)") }
        let documents = try files.map { try Data(contentsOf: $0) }
        let bytes = Double(documents.reduce(0) { $0 + $1.count }) * Double(passes)
        print("JSON: \(files.count) files, \(documents.reduce(0) { $0 + $1.count }) bytes, \(passes) passes")

        var ours = Samples(), theirs = Samples(), oursOut = Samples(), theirsOut = Samples()
        for _ in 0..<passes {
            for data in documents {
                var parsed = JSON.null
                ours.append(try time { parsed = try JSON.parse(data: data) })
                oursOut.append(time { _ = parsed.serialized() })
                var object: Any = NSNull()
                theirs.append(try time { object = try JSONSerialization.jsonObject(with: data) })
                theirsOut.append(try time { _ = try JSONSerialization.data(withJSONObject: object) })
            }
        }
        func megabytesPerSecond(_ samples: Samples) -> String { format(bytes / samples.total.seconds / 1e6, 1) }
        print(ours.report("parse  FHIR.JSON"), "  \(megabytesPerSecond(ours)) MB/s")
        print(theirs.report("parse  JSONSerialization (baseline)"), "  \(megabytesPerSecond(theirs)) MB/s")
        print(oursOut.report("write  FHIR.JSON"), "  \(megabytesPerSecond(oursOut)) MB/s")
        print(theirsOut.report("write  JSONSerialization (baseline)"), "  \(megabytesPerSecond(theirsOut)) MB/s")
        print("ratio  parse \(format(theirs.total.seconds / ours.total.seconds, 2))x, "
            + "write \(format(theirsOut.total.seconds / oursOut.total.seconds, 2))x the baseline's speed")
    }

    static func jsonFiles(under folder: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw ValidationError("cannot read \(folder.path)")
        }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }
}
