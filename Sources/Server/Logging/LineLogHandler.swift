import FHIR
import Foundation
import Logging

/// The server's swift-log handler: one line per event on standard error, in the configured
/// ``GreenlightConfiguration/LogFormat``:
/// - `text` (the default), as swift-log's `StreamLogHandler` writes it:
///   `2026-12-07T16:00:00+0000 info greenlight : client=ehr-1 [Server] message`;
/// - `json`, one object per line for log pipelines that index fields: time, level, label,
///   message, source, and every metadata key.
///
/// Metadata is formatted when a line is written. (`StreamLogHandler` re-formats all of it
/// whenever a key is set, and each request sets its caller's client id on its logger while
/// most requests log nothing at the configured level.)
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let format: GreenlightConfiguration.LogFormat
    private let write: @Sendable (String) -> Void

    public init(
        label: String, format: GreenlightConfiguration.LogFormat = .text,
        write: @escaping @Sendable (String) -> Void = LineLogHandler.standardError
    ) {
        self.label = label
        self.format = format
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let sorted = merged.sorted { $0.key < $1.key }
        switch format {
        case .text: write(Self.text(event, label: label, metadata: sorted))
        case .json: write(Self.json(event, label: label, metadata: sorted))
        }
    }

    private typealias SortedMetadata = [(key: String, value: Logger.MetadataValue)]

    private static func text(_ event: LogEvent, label: String, metadata: SortedMetadata) -> String {
        var line = "\(timestamp(Date())) \(event.level) \(label) :"
        if !metadata.isEmpty {
            line += " " + metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        return line + " [\(event.source)] \(event.message)"
    }

    private static func json(_ event: LogEvent, label: String, metadata: SortedMetadata) -> String {
        var line: JSON = [
            "time": .string(FHIRInstant(Date()).description),
            "level": .string(event.level.rawValue),
            "label": .string(label),
            "message": .string(event.message.description),
            "source": .string(event.source),
        ]
        for (key, value) in metadata {
            line[key] = json(value)
        }
        return line.serializedString(pretty: false)
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSON {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let dictionary):
            .object(JSONObject(dictionary.sorted(by: { $0.key < $1.key }).map { ($0.key, json($0.value)) }))
        }
    }

    /// ISO 8601 with the local offset, to the second, as `StreamLogHandler` writes it.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
