import FHIR
import Logging
import Synchronization
import Testing

@testable import Server

/// The two log formats: a line of text (the default) and a JSON object per line. Metadata set
/// on the logger, given by a provider and given with the event all appear, the event's winning.
@Suite struct LogHandlerTests {
    final class Lines: Sendable {
        let written = Mutex<[String]>([])
        var all: [String] { written.withLock { $0 } }
        func write(_ line: String) { written.withLock { $0.append(line) } }
    }

    @Test func textLinesReadLikeSwiftLogsStreamHandler() throws {
        let lines = Lines()
        var logger = Logger(label: "greenlight") { label in
            LineLogHandler(label: label, write: { lines.write($0) })
        }
        logger[metadataKey: "client"] = "ehr-1"
        logger[metadataKey: "a"] = "first"
        logger.info("case opened", metadata: ["case": "GL-1", "a": "event"], source: "PAS")
        logger.debug("not written at info")
        let line = try #require(lines.all.first)
        #expect(lines.all.count == 1)
        // 2026-12-07T16:00:00+0000 info greenlight : a=event case=GL-1 client=ehr-1 [PAS] case opened
        let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
        #expect(parts[0].count == "2026-12-07T16:00:00+0000".count && parts[0].dropFirst(10).first == "T")
        #expect(parts[1] == "info" && parts[2] == "greenlight")
        #expect(parts[3] == ": a=event case=GL-1 client=ehr-1 [PAS] case opened")
    }

    @Test func textWithoutMetadataHasNone() throws {
        let lines = Lines()
        let logger = Logger(label: "x") { label in LineLogHandler(label: label, write: { lines.write($0) }) }
        logger.error("stopped", source: "Server")
        #expect(try #require(lines.all.first).hasSuffix(" error x : [Server] stopped"))
    }

    @Test func jsonLinesHoldEveryField() throws {
        let lines = Lines()
        var logger = Logger(label: "greenlight") { label in
            LineLogHandler(label: label, format: .json, write: { lines.write($0) })
        }
        logger[metadataKey: "client"] = "ehr-1"
        logger.warning("slow", metadata: ["ms": "20"], source: "CRD")
        let json = try JSON.parse(Array(try #require(lines.all.first).utf8))
        #expect(json["level"] == "warning" && json["label"] == "greenlight" && json["message"] == "slow")
        #expect(json["source"] == "CRD" && json["client"] == "ehr-1" && json["ms"] == "20")
        #expect(json["time"]?.string?.hasSuffix("Z") == true)
    }
}
