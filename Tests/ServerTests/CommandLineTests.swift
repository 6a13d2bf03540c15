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

    /// Runs the executable to the end. The wait happens on a thread of its own: blocking one of
    /// the few threads Swift concurrency runs tasks on for the seconds a command takes starved
    /// other tests running in parallel.
    static func run(_ arguments: [String], in directory: URL) async throws -> Finished {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runToTheEnd(arguments, in: directory) })
            }
        }
    }

    private static func runToTheEnd(_ arguments: [String], in directory: URL) throws -> Finished {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw CommandLineTestError("pipe: \(String(cString: strerror(errno)))") }
        let reading = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: true)
        let child: ChildProcess
        do {
            child = try ChildProcess(executable: try executable.path, arguments: arguments, directory: directory.path, output: pipe[1])
        } catch {
            close(pipe[1])
            throw error
        }
        close(pipe[1])
        let data = reading.readDataToEndOfFile()
        return Finished(status: child.waitUntilExit(), output: String(decoding: data, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        try ScratchFolder.make("cli")
    }

    @Test func serveAnswersAndStopsGracefullyOnSIGTERM() async throws {
        let directory = try Self.temporaryDirectory()
        // Below Linux's ephemeral range (32768–60999): the ports the other tests' servers and
        // clients are given at random there could already hold this one.
        let port = Int.random(in: 20000..<32768)
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        // Run from the repository so the bundled Fixtures are found, as `make serve` does.
        let process = try ChildProcess(
            executable: try Self.executable.path,
            arguments: [
                "serve", "--port", "\(port)", "--database", directory.appendingPathComponent("db/greenlight.sqlite").path,
                "--log-format", "json",
            ],
            directory: Paths.repository.path, output: handle.fileDescriptor)
        defer { process.send(SIGKILL) }

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

        // The README's way to a token: `greenlight token` as the demo clinic, then a protected call.
        let token = try await Self.run(
            [
                "token", "--client", "demo-clinic", "--scope", "system/Claim.cru",
                "--server", "http://127.0.0.1:\(port)",
                "--key", Paths.fixtures.appendingPathComponent("keys/demo-clinic.private.pem").path,
            ], in: directory)
        #expect(token.status == 0, "\(token.output)")
        let accessToken = token.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let validated = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.post(
                "/Patient/$validate",
                headers: [.contentType: "application/fhir+json", .authorization: "Bearer \(accessToken)"],
                body: ByteBuffer(string: #"{"resourceType":"Patient"}"#))
        }
        #expect(validated.status == .ok)
        let anonymous = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.post(
                "/Patient/$validate", headers: [.contentType: "application/fhir+json"],
                body: ByteBuffer(string: #"{"resourceType":"Patient"}"#))
        }
        #expect(anonymous.status == .unauthorized)

        // SIGHUP reloads the rules without stopping the server.
        process.send(SIGHUP)
        var reloaded = false
        for _ in 0..<50 where !reloaded {
            try await Task.sleep(for: .milliseconds(100))
            reloaded = (try? String(contentsOf: log, encoding: .utf8))?.contains("SIGHUP: reloading rules") ?? false
        }
        #expect(reloaded, "no reload logged after SIGHUP")
        #expect(process.isRunning)
        let stillUp = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.get("/health")
        }
        #expect(stillUp.status == .ok)

        process.send(SIGTERM)
        for _ in 0..<100 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(!process.isRunning, "the server did not stop within 10 s of SIGTERM")
        #expect(process.waitUntilExit() == 0)
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(output.contains("Greenlight stopped"), "log: \(output)")
        // JSON log lines, one per line.
        #expect(output.split(separator: "\n").allSatisfy { $0.hasPrefix("{") }, "log: \(output)")
        // The empty store was seeded with the demo plan.
        #expect(output.contains("loaded the demo plan"))
    }

    @Test func badOptionsExitNonZeroWithTheReason() async throws {
        let directory = try Self.temporaryDirectory()
        let badPort = try await Self.run(["serve", "--port", "99999"], in: directory)
        #expect(badPort.status != 0)
        #expect(badPort.output.contains("port must be between 0 and 65535"), "\(badPort.output)")

        let config = directory.appendingPathComponent("bad.json")
        try Data(#"{"prot": 1}"#.utf8).write(to: config)
        let badConfig = try await Self.run(["serve", "--config", config.path], in: directory)
        #expect(badConfig.status != 0)
        #expect(badConfig.output.contains("unknown setting \"prot\""), "\(badConfig.output)")

        let missing = try await Self.run(["serve", "--config", "/nonexistent/greenlight.json"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.output.contains("cannot read /nonexistent/greenlight.json"), "\(missing.output)")
    }

    @Test func seedLoadsTheDemoPlanIdempotently() async throws {
        let directory = try Self.temporaryDirectory()
        let database = directory.appendingPathComponent("seeded.sqlite").path
        let fixtures = Paths.fixtures.path
        let first = try await Self.run(["seed", "--database", database, "--fixtures", fixtures], in: directory)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("24 members"), "\(first.output)")
        let second = try await Self.run(["seed", "--database", database, "--fixtures", fixtures], in: directory)
        #expect(second.status == 0)
        #expect(second.output.contains("24 members"), "\(second.output)")

        // Both processes have exited: what they wrote is on disk, once.
        let store = try SQLiteCaseStore(path: database)
        defer { try? store.close() }
        let counts = try await store.counts()
        #expect(counts["payer"] == 2)
        #expect(counts["member"] == 24)
        #expect(counts["coverage"] == 28)

        let missing = try await Self.run(["seed", "--database", database, "--fixtures", "/nonexistent"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.output.contains("cannot load the demo plan"), "\(missing.output)")
    }

    @Test func clientsAreAddedListedAndRemoved() async throws {
        let directory = try Self.temporaryDirectory()
        let database = directory.appendingPathComponent("clients.sqlite").path
        let jwks = Paths.fixtures.appendingPathComponent("keys/demo-clinic.jwks.json").path
        let add = try await Self.run(
            [
                "clients", "add", "--database", database, "--id", "acme-ortho", "--name", "Acme Orthopedics",
                "--kind", "provider", "--npi", "1234567893", "--jwks", jwks,
                "--scope", "system/Claim.cru", "--scope", "system/ClaimResponse.rs",
            ], in: directory)
        #expect(add.status == 0, "\(add.output)")
        #expect(add.output.contains("Registered client acme-ortho"))

        let again = try await Self.run(
            ["clients", "add", "--database", database, "--id", "acme-ortho", "--name", "A", "--kind", "provider", "--jwks", jwks],
            in: directory)
        #expect(again.status != 0)
        #expect(again.output.contains("already registered"), "\(again.output)")

        let badScope = try await Self.run(
            [
                "clients", "add", "--database", database, "--id", "x", "--name", "X", "--kind", "provider",
                "--jwks", jwks, "--scope", "Claim.write",
            ], in: directory)
        #expect(badScope.status != 0)
        #expect(badScope.output.contains("not SMART scopes: Claim.write"), "\(badScope.output)")

        // A private key is never accepted as a client's public keys.
        let privateJWKS = directory.appendingPathComponent("private.jwks.json")
        try Data(#"{"keys":[{"kty":"EC","crv":"P-384","kid":"k","x":"a","y":"b","d":"secret"}]}"#.utf8).write(to: privateJWKS)
        let leaked = try await Self.run(
            ["clients", "add", "--database", database, "--id", "y", "--name", "Y", "--kind", "ehr", "--jwks", privateJWKS.path],
            in: directory)
        #expect(leaked.status != 0)
        #expect(leaked.output.contains("private member"), "\(leaked.output)")

        let list = try await Self.run(["clients", "list", "--database", database], in: directory)
        #expect(list.status == 0)
        #expect(list.output.contains("acme-ortho  provider  active  Acme Orthopedics"), "\(list.output)")
        #expect(list.output.contains("system/Claim.cru system/ClaimResponse.rs"))

        #expect(try await Self.run(["clients", "remove", "--database", database, "acme-ortho"], in: directory).status == 0)
        let missing = try await Self.run(["clients", "remove", "--database", database, "acme-ortho"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.output.contains("no client acme-ortho"))
    }

    @Test func keysRotateFromTheCommandLine() async throws {
        let directory = try Self.temporaryDirectory()
        let database = directory.appendingPathComponent("keys.sqlite").path
        let first = try await Self.run(["keys", "rotate", "--database", database], in: directory)
        #expect(first.status == 0, "\(first.output)")
        let second = try await Self.run(["keys", "rotate", "--database", database], in: directory)
        #expect(second.status == 0)
        let list = try await Self.run(["keys", "list", "--database", database], in: directory)
        let lines = list.output.split(separator: "\n")
        #expect(lines.count == 2, "\(list.output)")
        #expect(lines.first?.hasSuffix("current") == true)
        #expect(lines.last?.contains("retired") == true)
    }
}
