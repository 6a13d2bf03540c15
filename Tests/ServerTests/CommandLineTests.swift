import CaseStore
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// Drives the real `greenlight` executable the way the README does: start, answer, stop on SIGTERM.
@Suite("greenlight command line", .serialized)
struct CommandLineTests {
    /// The executable SwiftPM built next to the test bundle.
    static var executable: URL {
        get throws {
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("greenlight")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            let fallback = Paths.repository.appendingPathComponent(".build/debug/greenlight")
            guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
                throw CommandLineTestError("the greenlight executable was not built (swift build --build-tests builds it)")
            }
            return fallback
        }
    }

    struct CommandLineTestError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    struct Finished {
        var status: Int32
        var output: String
    }

    static func run(_ arguments: [String], in directory: URL) throws -> Finished {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func serveAnswersAndStopsGracefullyOnSIGTERM() async throws {
        let directory = try Self.temporaryDirectory()
        let port = Int.random(in: 20000..<60000)
        let process = Process()
        process.executableURL = try Self.executable
        process.arguments = [
            "serve", "--port", "\(port)", "--database", directory.appendingPathComponent("db/greenlight.sqlite").path,
            "--log-format", "json",
        ]
        // Run from the repository so the bundled Fixtures are found, as `make serve` does.
        process.currentDirectoryURL = Paths.repository
        let log = directory.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var health: TestClient.Response?
        for _ in 0..<100 {
            let answer = try? await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.get("/health")
            }
            if let answer {
                health = answer
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let response = try #require(health, "the server did not answer within 10 s")
        #expect(response.status == .ok)
        #expect(String(buffer: response.body ?? ByteBuffer()).contains("\"pass\""))

        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!process.isRunning, "the server did not stop within 10 s of SIGTERM")
        #expect(process.terminationStatus == 0)
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(output.contains("Greenlight stopped"), "log: \(output)")
        // JSON log lines, one per line.
        #expect(output.split(separator: "\n").allSatisfy { $0.hasPrefix("{") }, "log: \(output)")
        // The empty store was seeded with the demo plan.
        #expect(output.contains("loaded the demo plan"))
    }

    @Test func badOptionsExitNonZeroWithTheReason() throws {
        let directory = try Self.temporaryDirectory()
        let badPort = try Self.run(["serve", "--port", "99999"], in: directory)
        #expect(badPort.status != 0)
        #expect(badPort.output.contains("port must be between 0 and 65535"), "\(badPort.output)")

        let config = directory.appendingPathComponent("bad.json")
        try Data(#"{"prot": 1}"#.utf8).write(to: config)
        let badConfig = try Self.run(["serve", "--config", config.path], in: directory)
        #expect(badConfig.status != 0)
        #expect(badConfig.output.contains("unknown setting \"prot\""), "\(badConfig.output)")

        let missing = try Self.run(["serve", "--config", "/nonexistent/greenlight.json"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.output.contains("cannot read /nonexistent/greenlight.json"), "\(missing.output)")
    }

    @Test func seedLoadsTheDemoPlanIdempotently() async throws {
        let directory = try Self.temporaryDirectory()
        let database = directory.appendingPathComponent("seeded.sqlite").path
        let fixtures = Paths.fixtures.path
        let first = try Self.run(["seed", "--database", database, "--fixtures", fixtures], in: directory)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("24 members"), "\(first.output)")
        let second = try Self.run(["seed", "--database", database, "--fixtures", fixtures], in: directory)
        #expect(second.status == 0)
        #expect(second.output.contains("24 members"), "\(second.output)")

        // Both processes have exited: what they wrote is on disk, once.
        let store = try SQLiteCaseStore(path: database)
        defer { try? store.close() }
        let counts = try await store.counts()
        #expect(counts["payer"] == 2)
        #expect(counts["member"] == 24)
        #expect(counts["coverage"] == 28)

        let missing = try Self.run(["seed", "--database", database, "--fixtures", "/nonexistent"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.output.contains("cannot load the demo plan"), "\(missing.output)")
    }
}
