import Foundation
import Server
import Testing

@Suite("Configuration files")
struct ConfigurationTests {
    private func load(_ text: String) throws(ConfigurationError) -> GreenlightConfiguration {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("greenlight-config-\(UUID()).json")
        try? Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try GreenlightConfiguration.load(contentsOf: url)
    }

    @Test func defaultsAreTheEmbeddedSetup() {
        let configuration = GreenlightConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.databasePath == "./data/greenlight.sqlite")
        #expect(configuration.effectiveBaseURL == "http://127.0.0.1:8080")
        #expect(configuration.seedDemoWhenEmpty)
    }

    @Test func fileOverridesOnlyWhatItStates() throws {
        let configuration = try load(#"{"port": 9090, "logFormat": "json", "baseURL": "https://pa.example.com/fhir/"}"#)
        #expect(configuration.port == 9090)
        #expect(configuration.logFormat == .json)
        #expect(configuration.effectiveBaseURL == "https://pa.example.com/fhir")
        #expect(configuration.host == "127.0.0.1")
    }

    @Test func theDirectoryCacheReachesTheStoreSettings() throws {
        #expect(GreenlightConfiguration().caseStoreSettings.directoryCacheSeconds == 5)
        let configuration = try load(#"{"directoryCacheSeconds": 0}"#)
        #expect(configuration.caseStoreSettings.directoryCacheSeconds == 0)
    }

    @Test func durabilityIsProcessUnlessFullIsAsked() throws {
        #expect(GreenlightConfiguration().caseStoreSettings.durability == .process)
        #expect(try load(#"{"durability": "full"}"#).caseStoreSettings.durability == .full)
    }

    @Test func thePASVersionIs21UnlessAnotherIsNamed() throws {
        #expect(GreenlightConfiguration().pasVersion == .v2_1)
        #expect(try load(#"{"pasVersion": "2.2"}"#).pasVersion == .v2_2)
        #expect(try load(#"{"pasVersion": "2.0.1"}"#).pasVersion == .v2_0_1)
        #expect(try load(#"{"pasVersion": "2.1.0"}"#).pasVersion == .v2_1)
    }

    @Test(arguments: [
        (#"{"pasVersion": "3.0"}"#, "\"pasVersion\" must be one of 2.0.1, 2.1, 2.2"),
        (#"{"prot": 9090}"#, "unknown setting \"prot\""),
        (#"{"port": "9090"}"#, "\"port\" must be a whole number"),
        (#"{"port": 70000}"#, "port must be between 0 and 65535"),
        (#"{"seedDemoWhenEmpty": 1}"#, "\"seedDemoWhenEmpty\" must be true or false"),
        (#"{"logFormat": "xml"}"#, "\"logFormat\" must be one of text, json"),
        (#"{"timeZone": "Mars/Olympus"}"#, "not a known IANA time zone"),
        (#"[1, 2]"#, "must be a JSON object"),
        (#"{"port": 80,"#, "is not valid JSON"),
        (#"{"directoryCacheSeconds": -1}"#, "directoryCacheSeconds must not be negative"),
        (#"{"durability": "paranoid"}"#, "\"durability\" must be one of process, full"),
    ])
    func badFilesAreRefusedWithTheReason(text: String, expected: String) {
        #expect {
            _ = try load(text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}
