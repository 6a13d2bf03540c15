import ArgumentParser
import Foundation
import Server

/// The `--config` file every command may read, in one place: the defaults when none is given,
/// and a bad file reported as a usage error naming the key.
enum ConfigurationFile {
    static func load(_ path: String?) throws -> GreenlightConfiguration {
        guard let path else { return GreenlightConfiguration() }
        do {
            return try GreenlightConfiguration.load(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError(error.description)
        }
    }
}
